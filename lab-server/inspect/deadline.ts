/**
 * How long reading a sandbox may take: the checks' probes and the snapshots the checks and the
 * map share are bounded alike, so that a stuck host costs every reader the same.
 */

/** Every probe's time limit; a probe that runs over counts as "no answer". */
export const PROBE_TIMEOUT_MS = 3_000;

/** Time limit of reading one host's state (a snapshot, its links): two rounds of requests. */
export const HOST_READ_TIMEOUT_MS = PROBE_TIMEOUT_MS * 2;
