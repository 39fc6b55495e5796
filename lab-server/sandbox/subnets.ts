/**
 * Picks a free /24 for a lab network from the configured 10.X.0.0/16 pool. Lab networks live in
 * 10.0.0.0/8 so they can never clash with the nested engines' default pools (172.17.0.0/12 and
 * 192.168.0.0/16), which would break swarm's docker_gwbridge inside the sandbox.
 */

/** A lab network's addressing. */
export interface LabSubnet {
  /** CIDR, e.g. `10.213.4.0/24`. */
  subnet: string;
  /** The bridge's own address, `.1`. */
  gateway: string;
  /** Address of the n-th host (0-based): `.10`, `.11`, ... */
  hostAddress(index: number): string;
}

/** Allocates subnets, remembering the ones it handed out until they are released. */
export class SubnetAllocator {
  readonly #prefix: string;
  readonly #reserved = new Set<number>();

  constructor(pool: string) {
    const match = /^10\.(\d{1,3})\.0\.0\/16$/.exec(pool);
    const second = Number(match?.[1]);
    if (!match || second > 255) throw new Error(`lab subnet pool must look like 10.X.0.0/16, got ${pool}`);
    this.#prefix = `10.${second}`;
  }

  /** Reserves a /24 not in `used` (CIDRs already on the engine) nor handed out before. */
  allocate(used: readonly string[]): LabSubnet | undefined {
    const taken = new Set(used.map((cidr) => this.#thirdOctet(cidr)).filter((n) => n !== undefined));
    // Start at a random place so servers sharing an engine rarely race for the same subnet;
    // .0 and .255 are left alone.
    const offset = Math.floor(Math.random() * 254);
    for (let i = 0; i < 254; i++) {
      const third = 1 + ((offset + i) % 254);
      if (taken.has(third) || this.#reserved.has(third)) continue;
      this.#reserved.add(third);
      const base = `${this.#prefix}.${third}`;
      return { subnet: `${base}.0/24`, gateway: `${base}.1`, hostAddress: (i) => `${base}.${10 + i}` };
    }
    return undefined;
  }

  /** Marks a subnet as handed out (a sandbox picked up again after a restart). */
  reserve(subnet: string): void {
    const third = this.#thirdOctet(subnet);
    if (third !== undefined) this.#reserved.add(third);
  }

  /** Returns a subnet to the pool. */
  release(subnet: string): void {
    const third = this.#thirdOctet(subnet);
    if (third !== undefined) this.#reserved.delete(third);
  }

  #thirdOctet(cidr: string): number | undefined {
    const match = /^(\d+)\.(\d+)\.(\d+)\.\d+\/(\d+)$/.exec(cidr);
    if (!match || `${match[1]}.${match[2]}` !== this.#prefix) return undefined;
    return Number(match[3]);
  }
}
