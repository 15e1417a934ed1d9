/**
 * Captures the SQL a request really runs, so tests can EXPLAIN the app's own queries rather
 * than copies of them that could drift. A Kysely plugin sees each statement's final operation
 * node (after CamelCasePlugin, when added last) and compiles it with the database's compiler.
 */
import type {
  CompiledQuery,
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

export class StatementLog implements KyselyPlugin {
  statements: CompiledQuery[] = [];
  recording = false;

  constructor(private readonly db: Kysely<unknown>) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording)
      this.statements.push(this.db.getExecutor().compileQuery(args.node, args.queryId));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  /** Runs `work` and returns the distinct SELECT statements it ran. */
  async capture(work: () => Promise<unknown>): Promise<CompiledQuery[]> {
    this.statements = [];
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
    }
    const seen = new Set<string>();
    return this.statements.filter(
      (q) => /^\s*(with|select)\b/i.test(q.sql) && !seen.has(q.sql) && (seen.add(q.sql), true),
    );
  }
}
