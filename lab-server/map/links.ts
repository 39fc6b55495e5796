/**
 * Interface names inside each running container of a host (eth0, eth1…), read from the
 * container's network namespace and matched to Docker's endpoints by MAC address.
 */
import type { HostExec } from "../docker/engine.ts";

/** container id → (MAC address → interface name). */
export type LinkTable = Map<string, Map<string, string>>;

const LINKS_SCRIPT = `
ids=$(docker ps -q --no-trunc 2>/dev/null)
[ -n "$ids" ] || exit 0
docker inspect -f '{{.Id}} {{.State.Pid}}' $ids 2>/dev/null | while read -r id pid; do
  [ "$pid" -gt 0 ] 2>/dev/null || continue
  echo "== $id"
  nsenter -t "$pid" -n ip -o link 2>/dev/null
done
`;

/** Reads the interface tables of every running container on a host. */
export async function readLinks(engine: HostExec, hostContainerId: string, timeoutMs: number): Promise<LinkTable> {
  const result = await engine.execCapture(hostContainerId, ["sh", "-c", LINKS_SCRIPT], { timeoutMs, maxBytes: 1024 * 1024 });
  return parseLinks(result.stdout);
}

/** Parses the script's output: `== <id>` headers followed by `ip -o link` lines. */
export function parseLinks(text: string): LinkTable {
  const table: LinkTable = new Map();
  let current: Map<string, string> | undefined;
  for (const line of text.split("\n")) {
    const header = /^== (\S+)/.exec(line);
    if (header) {
      current = new Map();
      table.set(header[1] as string, current);
      continue;
    }
    const link = /^\d+:\s+([^:@\s]+)(?:@\S+)?:.*link\/ether\s+([0-9a-f:]{17})/.exec(line);
    if (link && current) current.set(link[2] as string, link[1] as string);
  }
  return table;
}
