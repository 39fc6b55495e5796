/**
 * Recipes for the lab images. Each recipe is plain data; its hash (over the data and the files it
 * copies) names the image, so an image is rebuilt only when its recipe changes.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Directory of files laid over the sandbox host's root filesystem. */
export const HOST_FILES_DIR = new URL("./host-files/", import.meta.url).pathname;

/**
 * Debian release the sandbox host is built from: forky, Debian's testing suite, whose `docker.io`
 * is Engine 28.5 with compose 2.40 (trixie, Debian 13, has Engine 26.1). Learners run 28 or newer
 * on their own machines, and the lessons teach what 28 does.
 */
export const HOST_SUITE = "forky";

/**
 * debootstrap's script for HOST_SUITE. Debian 12's debootstrap has no script named after forky; the
 * `sid` script is the one every suite after trixie uses.
 */
export const HOST_SUITE_SCRIPT = "sid";

/** Debian packages of the sandbox host. */
export const HOST_PACKAGES = [
  "docker.io",
  "docker-cli",
  "docker-compose",
  "iproute2",
  "iputils-ping",
  "netcat-openbsd",
  "bind9-dnsutils",
  "curl",
  "tcpdump",
  "iptables",
  "procps",
  "bash-completion",
  "ca-certificates",
  "less",
  "nano",
  "jq",
  // Not for the host itself: its static busybox is the one the inner images are made of (build.ts).
  "busybox-static",
] as const;

/**
 * Files of the Debian packages left out of the host. systemd's shell snippets write OSC 3008
 * "context" escape sequences (machine and boot ids) around every prompt and command for a
 * systemd session; a sandbox host runs no systemd, and in a learner's terminal they are only noise.
 */
export const HOST_REMOVED_FILES = ["etc/profile.d/70-systemd-shell-extra.sh", "etc/profile.d/80-systemd-osc-context.sh"] as const;

/** Busybox applets linked in the images learners run inside the sandbox. */
export const BUSYBOX_APPLETS = [
  "sh",
  "ash",
  "cat",
  "echo",
  "ls",
  "ps",
  "sleep",
  "hostname",
  "ping",
  "ping6",
  "nc",
  "ip",
  "ifconfig",
  "route",
  "nslookup",
  "wget",
  "httpd",
  "netstat",
  "traceroute",
  "arp",
  "grep",
  "sed",
  "awk",
  "head",
  "tail",
  "vi",
  "env",
  "id",
  "kill",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "touch",
  "date",
  "uname",
  "true",
  "false",
  "test",
  "[",
  "printf",
  "wc",
  "tr",
  "cut",
  "sort",
  "uniq",
  "timeout",
  "watch",
  "top",
  "free",
  "df",
  "du",
  "mount",
  "chmod",
  "ln",
  "find",
  "xargs",
  "tee",
  "seq",
  "more",
  "less",
  "clear",
  "which",
  "whoami",
  "telnet",
  "udhcpc",
  "sh",
] as const;

/** An image learners run inside their sandbox. */
export interface InnerImageRecipe {
  /** Short name learners type, e.g. `tools`. */
  readonly name: string;
  /** One line for docs and `docker images`. */
  readonly description: string;
  /** Dockerfile instructions applied on import. */
  readonly changes: readonly string[];
  /** Extra files: path inside the image → content. */
  readonly files: Readonly<Record<string, { content: string; mode: number }>>;
}

const WEB_START = `#!/bin/sh
# Serves a page naming this container, so learners can tell replicas apart.
mkdir -p /www
name="$(hostname)"
printf '<!doctype html><title>%s</title><h1>Hello from %s</h1>\\n' "$name" "$name" > /www/index.html
printf 'hello from %s\\n' "$name" > /www/hello.txt
echo "web: serving http on port \${PORT:-80} as $name"
exec httpd -f -v -p "\${PORT:-80}" -h /www
`;

/** The images preloaded into every sandbox's own engine. */
export const INNER_IMAGES: readonly InnerImageRecipe[] = [
  {
    name: "tools",
    description: "busybox network toolbox: sh, ping, nc, ip, nslookup, wget, httpd, traceroute",
    changes: ['CMD ["sh"]', "ENV PATH=/bin"],
    files: {},
  },
  {
    name: "web",
    description: "a tiny web server on port 80 that answers with its own hostname",
    changes: ['CMD ["/bin/web-start"]', "ENV PATH=/bin", "EXPOSE 80/tcp"],
    files: { "bin/web-start": { content: WEB_START, mode: 0o755 } },
  },
];

/** Hash of everything that shapes the images: when it changes, images are rebuilt. */
export function recipeHash(): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ base: baseRecipeHash(), HOST_REMOVED_FILES, BUSYBOX_APPLETS, INNER_IMAGES }));
  for (const file of listFiles(HOST_FILES_DIR)) {
    hash.update(relative(HOST_FILES_DIR, file));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

/** Hash of the debootstrap step alone, so a change to the overlay files reuses the cached root filesystem. */
export function baseRecipeHash(): string {
  return createHash("sha256")
    .update(JSON.stringify({ HOST_SUITE, HOST_PACKAGES, v: 1 }))
    .digest("hex")
    .slice(0, 12);
}

/** Image reference of the sandbox host for a recipe hash. */
export function hostImageRef(hash: string): string {
  return `switchyard/host:${hash}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}
