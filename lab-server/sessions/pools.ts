/**
 * The warm pools a course needs: one per lab shape (its hosts' names), sized from the settings.
 */
import type { Config } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { Logger } from "../log.ts";
import { WarmPool } from "../sandbox/pool.ts";
import type { SubnetAllocator } from "../sandbox/subnets.ts";

/** What the pools are made from. */
export interface CoursePoolDeps {
  engine: Engine;
  subnets: SubnetAllocator;
  log: Logger;
  config: Config;
  lessons: LessonCatalog;
  hostImage: string;
}

/** Unfilled pools by lab shape (host names joined with commas); shapes sized 0 get none. */
export function coursePools({ engine, subnets, log, config, lessons, hostImage }: CoursePoolDeps): Map<string, WarmPool> {
  // One-host labs are most of the course; multi-host ones are few and cost a host each per sandbox.
  const shapes = new Map<string, readonly string[]>();
  for (const lesson of lessons.all()) shapes.set(lesson.lab.hosts.join(","), lesson.lab.hosts);
  const pools = new Map<string, WarmPool>();
  for (const [key, hostNames] of shapes) {
    const size = hostNames.length === 1 ? config.poolSize : config.poolMultiSize;
    if (size === 0) continue;
    pools.set(
      key,
      new WarmPool({
        engine,
        subnets,
        log,
        hostNames,
        size,
        request: { instance: config.instance, image: hostImage, limits: config.sandbox },
      }),
    );
  }
  return pools;
}
