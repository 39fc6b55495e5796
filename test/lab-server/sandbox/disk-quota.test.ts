/**
 * A sandbox host's disk budget on the real engine: its root filesystem is read-only, writes past
 * the budget fail with "No space left on device" on the host and inside its nested containers, the
 * nested engine works again once the space is freed, and nothing lands on the machine's own disk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxDisk } from "../../../lab-server/sandbox/disk.ts";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

const MiB = 1024 * 1024;
const DISK_BYTES = 256 * MiB;
/** Writes that never reach the machine's disk leave the host's container layer (nearly) empty. */
const LAYER_SLACK_BYTES = MiB;
const ENOSPC = "No space left on device";

let box: TestSandbox;
let containerId: string;

beforeAll(async () => {
  box = await startSandbox(["host1"], { diskBytes: DISK_BYTES });
  containerId = box.sandbox.hosts[0]!.containerId;
});
afterAll(async () => {
  await box?.destroy();
});

/** Runs a script on the host; unlike `box.sh`, a failure is a result to look at, not an error. */
async function run(script: string): Promise<{ exitCode: number | null; output: string }> {
  const result = await box.engine.execCapture(containerId, ["sh", "-c", script], { timeoutMs: 60_000 });
  return { exitCode: result.exitCode, output: result.stdout + result.stderr };
}

/** Every mount on the host a learner can write files to, with its size in bytes. */
const WRITABLE_MOUNTS = `
while read -r _ target type opts _; do
  case ",$opts," in *,rw,*) ;; *) continue ;; esac
  # Kernel interfaces, not storage.
  case "$type" in proc|sysfs|cgroup|cgroup2|devpts|mqueue|nsfs) continue ;; esac
  # Docker's own small RAM mounts for device nodes and shared memory, the device nodes themselves
  # (in a user namespace Docker binds the machine's /dev/null and the like, file by file, as no
  # node can be made there), and the cgroup tree's mount point.
  case "$target" in /dev|/dev/*|/sys/fs/cgroup) continue ;; esac
  echo "$target $type $(df -B1 --output=size "$target" | tail -n 1)"
done < /proc/mounts
`;

describe("a sandbox host's disk budget", () => {
  it("has a read-only root, and writable space only in tmpfs mounts that add up to the budget", async () => {
    const root = await run("touch /big");
    expect(root.exitCode).not.toBe(0);
    expect(root.output).toContain("Read-only file system");

    const mounts = (await box.sh(WRITABLE_MOUNTS))
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/));
    expect(mounts.map(([target]) => target).sort()).toEqual(Object.keys(sandboxDisk(DISK_BYTES).tmpfs).sort());
    for (const [target, type] of mounts) expect(type, target).toBe("tmpfs");
    const total = mounts.reduce((sum, [, , size]) => sum + Number(size), 0);
    expect(total).toBeLessThanOrEqual(DISK_BYTES);
    expect(total).toBeGreaterThan(DISK_BYTES - 6 * 4096);
  });

  it("refuses a write past its share of the budget on the host, keeps it off the machine's disk, and frees it on removal", async () => {
    const fill = await run(`dd if=/dev/zero of=/root/big bs=1M count=${DISK_BYTES / MiB}`);
    expect(fill.exitCode).not.toBe(0);
    expect(fill.output).toContain(ENOSPC);
    expect(Number(await box.sh("stat -c %s /root/big"))).toBeGreaterThan(0);
    expect(await box.engine.writableLayerBytes(containerId)).toBeLessThan(LAYER_SLACK_BYTES);
    // A full home does not stop the engine.
    expect(await box.sh("docker run --rm tools echo engine-ok")).toContain("engine-ok");
    await box.sh("rm /root/big && echo more > /root/note");
    expect(await box.sh("cat /root/note")).toContain("more");
  });

  it("refuses it inside a nested container, and the nested engine works again once the file is gone", async () => {
    const fill = await run("docker run --name filler tools sh -c 'cat /dev/zero > /big'");
    expect(fill.exitCode).not.toBe(0);
    expect(fill.output).toContain(ENOSPC);
    // The nested engine's data is full, the host is still up, and none of it is on the machine's disk.
    const available = Number(await box.sh("df -B1 --output=avail /var/lib/docker | tail -n 1"));
    expect(available).toBeLessThan(MiB);
    expect(await box.engine.isRunning(containerId)).toBe(true);
    expect(await box.engine.writableLayerBytes(containerId)).toBeLessThan(LAYER_SLACK_BYTES);

    await box.sh("docker rm filler");
    const after = await box.sh(
      "docker network create --subnet 172.30.0.0/24 afterfill >/dev/null && " +
        "docker run --rm --network afterfill tools ip -4 addr show eth0",
    );
    expect(after).toContain("inet 172.30.0.2/24");
    // Builds write layers into the same space.
    const built = await box.sh(
      "mkdir -p /root/img && cd /root/img && printf 'FROM tools\\nRUN echo baked > /baked\\n' > Dockerfile && " +
        "docker build -q -t baked . >/dev/null && docker run --rm baked cat /baked",
    );
    expect(built).toContain("baked");
  });
});
