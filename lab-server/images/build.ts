/**
 * Builds the lab images from Debian packages, with no container registry: debootstrap makes the
 * sandbox host's root filesystem, busybox makes the small images learners run inside it, and the
 * engine imports them. Idempotent: an image whose recipe hash already exists is not rebuilt.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { chmod, cp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Engine } from "../docker/engine.ts";
import {
  BUSYBOX_APPLETS,
  baseRecipeHash,
  HOST_FILES_DIR,
  HOST_PACKAGES,
  HOST_REMOVED_FILES,
  HOST_SUITE,
  HOST_SUITE_SCRIPT,
  hostImageRef,
  INNER_IMAGES,
  type InnerImageRecipe,
  recipeHash,
} from "./recipes.ts";

/** Where progress lines go. */
export type ProgressLog = (line: string) => void;

/** Options of {@link ensureImages}. */
export interface BuildOptions {
  /** Directory for the cached host root filesystem and scratch space. */
  cacheDir: string;
  /** Rebuild even when the image exists. */
  force?: boolean;
  /** Debian mirror for debootstrap; default: the one apt uses on this machine. */
  mirror?: string | undefined;
  /** The static busybox binary to put in the inner images; default: the host root filesystem's. */
  busybox?: string;
  log: ProgressLog;
}

/** Makes sure the sandbox host image for the current recipes exists; returns its reference. */
export async function ensureImages(engine: Engine, options: BuildOptions): Promise<string> {
  const hash = recipeHash();
  const ref = hostImageRef(hash);
  if (!options.force && (await engine.imageExists(ref))) {
    options.log(`sandbox host image ${ref} is up to date`);
    return ref;
  }
  const started = Date.now();
  const rootfs = await ensureBaseRootfs(options);
  // The host's own Debian release's busybox, not this machine's: Debian 12's is built without
  // wget's timeout support, and `wget -T` crashes there.
  const busybox = options.busybox ?? join(rootfs, "usr/bin/busybox");
  if (!existsSync(busybox)) throw new Error(`${busybox} not found: the ${HOST_SUITE} root filesystem lacks busybox-static`);
  const overlay = join(options.cacheDir, `overlay-${hash}`);
  await rm(overlay, { recursive: true, force: true });
  await mkdir(join(overlay, "opt/switchyard/images"), { recursive: true });
  await cp(HOST_FILES_DIR, overlay, { recursive: true });
  await writeFile(join(overlay, "etc/switchyard-release"), `recipe=${hash}\n`);

  for (const recipe of INNER_IMAGES) {
    options.log(`building inner image ${recipe.name}`);
    await buildInnerImage(engine, recipe, hash, busybox, options.cacheDir, join(overlay, "opt/switchyard/images"));
  }

  options.log(`importing sandbox host image ${ref} (about 600 MB, takes a little while)`);
  // The engine refuses a tarball with a path twice, so the overlay is laid onto a hard-linked copy
  // of the cached root filesystem (instant, no extra space); --remove-destination keeps the cache intact.
  const staging = join(options.cacheDir, `staging-${hash}`);
  await rm(staging, { recursive: true, force: true });
  await run("cp", ["-al", rootfs, staging]);
  await run("cp", ["-a", "--remove-destination", `${overlay}/.`, `${staging}/`]);
  await rm(join(staging, ".switchyard-complete"), { force: true });
  // Unlinks the staging copy's name only: the cached root filesystem keeps its files.
  for (const file of HOST_REMOVED_FILES) await rm(join(staging, file), { force: true });
  const tar = spawn("tar", ["-c", "--numeric-owner", "-C", staging, "."], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tarDone = exitOf(tar, "tar of the host root filesystem");
  await engine.importImage(tar.stdout, ref, [
    'CMD ["/usr/local/sbin/switchyard-host-init"]',
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV LANG=C.UTF-8",
    "WORKDIR /root",
    `LABEL switchyard.recipe=${hash}`,
  ]);
  await tarDone;
  await rm(overlay, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  options.log(`built ${ref} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ref;
}

/** debootstrap's chatty "I: Verb ..." lines, folded into a few phases for progress output. */
const DEBOOTSTRAP_PHASES: Record<string, string> = {
  Retrieving: "downloading packages",
  Validating: "downloading packages",
  Extracting: "unpacking the base system",
  Installing: "installing the base system",
  Unpacking: "installing packages",
  Configuring: "configuring packages",
  Base: "done",
};

/** debootstraps the host's Debian root filesystem once per base recipe and keeps it in the cache. */
async function ensureBaseRootfs(options: BuildOptions): Promise<string> {
  const dir = join(options.cacheDir, `host-rootfs-${baseRecipeHash()}`);
  const marker = join(dir, ".switchyard-complete");
  if (existsSync(marker)) {
    options.log(`reusing the cached ${HOST_SUITE} root filesystem`);
    return dir;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const mirror = options.mirror ?? aptMirror();
  options.log(`debootstrap ${HOST_SUITE} from ${mirror} with ${HOST_PACKAGES.length} packages (a minute or two)`);
  const child = spawn(
    "debootstrap",
    ["--variant=minbase", `--include=${HOST_PACKAGES.join(",")}`, HOST_SUITE, dir, mirror, HOST_SUITE_SCRIPT],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const tail: string[] = [];
  let phase = "";
  let count = 0;
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    const verb = /^I: (\w+)/.exec(line)?.[1];
    const next = verb ? DEBOOTSTRAP_PHASES[verb] : undefined;
    if (!next) return;
    count += 1;
    if (next !== phase) {
      options.log(`  debootstrap: ${next}`);
      phase = next;
      count = 0;
    } else if (count % 100 === 0) {
      options.log(`  debootstrap: ${next} (${count} steps)`);
    }
  };
  lines(child.stdout, onLine);
  lines(child.stderr, onLine);
  try {
    await exitOf(child, "debootstrap");
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${tail.join("\n")}`);
  }
  // Package caches and lists are half the size and never used inside a sandbox.
  await rm(join(dir, "var/cache/apt/archives"), { recursive: true, force: true });
  await rm(join(dir, "var/lib/apt/lists"), { recursive: true, force: true });
  await mkdir(join(dir, "var/cache/apt/archives/partial"), { recursive: true });
  await mkdir(join(dir, "var/lib/apt/lists/partial"), { recursive: true });
  await writeFile(marker, new Date().toISOString());
  return dir;
}

/** Builds one busybox image, saves it as a tarball into `outDir` under its short name. */
async function buildInnerImage(
  engine: Engine,
  recipe: InnerImageRecipe,
  hash: string,
  busybox: string,
  cacheDir: string,
  outDir: string,
): Promise<void> {
  const dir = join(cacheDir, `inner-${recipe.name}-${hash}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "bin"), { recursive: true });
  await mkdir(join(dir, "etc"), { recursive: true });
  await mkdir(join(dir, "tmp"), { recursive: true });
  await cp(busybox, join(dir, "bin/busybox"));
  for (const applet of new Set(BUSYBOX_APPLETS)) {
    await symlink("busybox", join(dir, "bin", applet));
  }
  await writeFile(join(dir, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  await writeFile(join(dir, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");
  for (const [path, file] of Object.entries(recipe.files)) {
    await writeFile(join(dir, path), file.content);
    await chmod(join(dir, path), file.mode);
  }
  const tmpRef = `switchyard/inner-${recipe.name}:${hash}`;
  const tar = spawn("tar", ["-c", "--numeric-owner", "-C", dir, "."], { stdio: ["ignore", "pipe", "pipe"] });
  const tarDone = exitOf(tar, `tar of ${recipe.name}`);
  await engine.importImage(tar.stdout, tmpRef, [...recipe.changes, `LABEL switchyard.description=${JSON.stringify(recipe.description)}`]);
  await tarDone;
  // Saved under its short name, so `docker images` in the sandbox lists it as e.g. `tools:latest`.
  const shortRef = `${recipe.name}:latest`;
  await engine.tagImage(tmpRef, shortRef);
  try {
    await pipeline(await engine.saveImage(shortRef), createWriteStream(join(outDir, `${recipe.name}.tar`)));
  } finally {
    await engine.removeImage(shortRef);
  }
  await rm(dir, { recursive: true, force: true });
}

/** The first Debian mirror apt is configured with, or deb.debian.org. */
export function aptMirror(): string {
  for (const file of ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const deb822 = /^URIs:\s*(\S+)/m.exec(text)?.[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(text)?.[1];
    const found = deb822 ?? oneLine;
    if (found && !found.includes("security")) return found;
  }
  return "http://deb.debian.org/debian";
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString("utf8")).split("\n");
    rest = parts.pop() ?? "";
    parts.forEach(onLine);
  });
}

function run(command: string, args: string[]): Promise<void> {
  return exitOf(spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] }), command);
}

function exitOf(child: ReturnType<typeof spawn>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on("error", (err) => reject(new Error(`${what} could not start: ${err.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed with exit code ${code}`))));
  });
}
