/**
 * Global set-up for tests that need the real engine: fails fast, with what to do, when the engine
 * or the lab images are missing, instead of letting every test time out.
 */
import { Engine } from "../../lab-server/docker/engine.ts";
import { hostImageRef, recipeHash } from "../../lab-server/images/recipes.ts";

export default async function setup(): Promise<void> {
  const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
  try {
    await engine.ping();
  } catch {
    throw new Error("No Docker Engine answers. Run `./switchyard setup` (it starts one), or set DOCKER_HOST.");
  }
  const image = hostImageRef(recipeHash());
  if (!(await engine.imageExists(image))) {
    throw new Error(`The sandbox host image ${image} is missing. Run \`npm run images\` first.`);
  }
}
