/**
 * Counts the SQL statements a request runs, to catch N+1 queries: a Kysely plugin that sees
 * every executed statement (query builders and raw `sql` alike) once, when its result arrives.
 * Transaction control (begin/commit) does not pass through plugins and is not counted.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

export class QueryCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }

  /** Runs `work` and returns how many statements ran meanwhile (run requests one at a time). */
  async during(work: () => Promise<unknown>): Promise<number> {
    const before = this.count;
    await work();
    return this.count - before;
  }
}
