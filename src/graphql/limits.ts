import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  valueFromASTUntyped,
} from "graphql";
import type {
  ASTVisitor,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
} from "graphql";
import { codePointLength } from "../common/text";
import { AppError } from "../common/errors";

/**
 * The limits of api-contract.md "Hostile requests". Every check here is decided before anything
 * runs, and each walks the document once: a fragment's summary (depth, root fields, cost) is
 * computed on its first spread and reused by every other spread, so a chain of fragments that
 * each spread the next one twice costs its length, not 2^length.
 *
 * graphql-armor's max-depth, max-aliases and cost-limit plugins memoise fragments the same way,
 * but none counts root fields through fragments, limits a request's mutation fields, or
 * multiplies a list's cost by its `first`; one pass of our own does all of these.
 */

/** Most lexical tokens a document may have (graphql-js `parse` option `maxTokens`). */
export const MAX_TOKENS = 10_000;
/** Deepest field nesting a query may have; every field on the path counts, the leaf included. */
export const MAX_DEPTH = 15;
/** Most fields at the root of an operation, aliases and fields of fragments included. */
export const MAX_ROOT_FIELDS = 50;
/** Most mutation fields in a request. */
export const MAX_MUTATION_FIELDS = 20;
/**
 * Largest estimated cost of an operation. A field costs 1 plus its children; a field with a
 * `first` argument (connections and the statistics' user and pair lists) multiplies its
 * children by `first` (its default when absent); a field that runs statements of its own (a
 * statistic) costs STATEMENT_COST more. `users(first: 100)` selecting every scalar field of User
 * and `awards(first: 100)` with every scalar field of Award costs about 100,000.
 */
export const MAX_COST = 250_000;
/** Extra cost of a field whose resolver runs a statement of its own, whatever its children. */
export const STATEMENT_COST = 5_000;
/** Longest `search` and `userByName(name)`, in characters after trimming, like names. */
export const MAX_SEARCH_LENGTH = 64;

/** Fields that run a statement each time they are selected (not batched by a loader). */
const STATEMENT_FIELDS = new Set([
  "Stats.mostAchievements",
  "Stats.mostPoints",
  "Stats.maxPointsDifference",
  "Stats.minPointsDifference",
  "Stats.streaks",
]);

/** Text arguments limited to MAX_SEARCH_LENGTH characters: "Type.field" → argument. */
const SEARCH_ARGUMENTS: Record<string, string> = { "Query.users": "search", "Query.userByName": "name" };

/** A count for a message: exact up to a billion, beyond that only "over 1000000000". */
function count(n: number): string {
  return n <= 1e9 ? String(n) : "over 1000000000";
}

function validationError(message: string, node?: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, {
    nodes: node ? [node] : undefined,
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
  });
}

/** Optional instrumentation: called once each time a walk enters a fragment's selections. */
export type FragmentVisit = (fragmentName: string) => void;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

interface Shape {
  /** Deepest field path below (and including) the selection set's own fields. */
  depth: number;
  /** Fields at the selection set's own level, fragments' included, aliases each counted. */
  fields: number;
}

/**
 * Depth and field count of selection sets, each fragment summarised once. A fragment met again
 * while it is being summarised (a cycle, which graphql's NoFragmentCycles rule reports) adds nothing.
 */
function shapeWalker(fragments: Map<string, FragmentDefinitionNode>, onVisit?: FragmentVisit) {
  const memo = new Map<string, Shape | "pending">();
  const shapeOf = (set: SelectionSetNode | undefined): Shape => {
    const shape: Shape = { depth: 0, fields: 0 };
    if (!set) return shape;
    for (const s of set.selections) {
      let inner: Shape;
      if (s.kind === Kind.FIELD) {
        inner = { depth: 1 + shapeOf(s.selectionSet).depth, fields: 1 };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        inner = shapeOf(s.selectionSet);
      } else {
        const name = s.name.value;
        const known = memo.get(name);
        if (known === "pending") continue;
        if (known) {
          inner = known;
        } else {
          const f = fragments.get(name);
          if (!f) continue;
          memo.set(name, "pending");
          onVisit?.(name);
          inner = shapeOf(f.selectionSet);
          memo.set(name, inner);
        }
      }
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.fields += inner.fields;
    }
    return shape;
  };
  return shapeOf;
}

/** The depth (fields on the longest path, leaf included) and root field count of an operation. */
export function operationShape(document: DocumentNode, operation: OperationDefinitionNode, onVisit?: FragmentVisit): Shape {
  return shapeWalker(fragmentsOf(document), onVisit)(operation.selectionSet);
}

/**
 * A validation rule: operations nested deeper than `maxDepth`, with more than `maxRootFields`
 * root fields, or mutations with more than `maxMutationFields` fields are refused.
 */
export function operationShapeRule(
  opts: { maxDepth?: number; maxRootFields?: number; maxMutationFields?: number; onVisit?: FragmentVisit } = {},
) {
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  const maxRootFields = opts.maxRootFields ?? MAX_ROOT_FIELDS;
  const maxMutationFields = opts.maxMutationFields ?? MAX_MUTATION_FIELDS;
  return (context: ValidationContext): ASTVisitor => {
    // One walker for the whole document: fragments shared by several operations are summarised once.
    const shapeOf = shapeWalker(fragmentsOf(context.getDocument()), opts.onVisit);
    return {
      OperationDefinition(node) {
        const { depth, fields } = shapeOf(node.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            validationError(
              `The operation is nested ${count(depth)} levels deep; the nesting limit is ${maxDepth} (every field on the path counts)`,
              node,
            ),
          );
        }
        if (fields > maxRootFields) {
          context.reportError(
            validationError(
              `The operation has ${count(fields)} root fields; the root field limit is ${maxRootFields} (aliases and fragments count)`,
              node,
            ),
          );
        } else if (node.operation === "mutation" && fields > maxMutationFields) {
          context.reportError(
            validationError(`The request has ${fields} mutation fields; the mutation field limit is ${maxMutationFields}`, node),
          );
        }
      },
    };
  };
}

/** The depth limit alone (tests of the nesting rule). */
export function depthLimitRule(maxDepth = MAX_DEPTH) {
  return operationShapeRule({ maxDepth, maxRootFields: Infinity, maxMutationFields: Infinity });
}

/** A field of `parent`, the introspection meta fields included. */
function fieldDef(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * The longest list each introspection field can return in this schema (`__Schema.types` is
 * every type, `__Type.fields` the most fields of any type, …): introspection nested in itself
 * multiplies its lists, and costs what it would return.
 */
const introspectionLists = new WeakMap<GraphQLSchema, Map<string, number>>();
function introspectionListLength(schema: GraphQLSchema, key: string): number {
  let lists = introspectionLists.get(schema);
  if (!lists) {
    const types = Object.values(schema.getTypeMap());
    const most = (f: (t: (typeof types)[number]) => number) => Math.max(1, ...types.map(f));
    const fieldsOf = (t: (typeof types)[number]) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []);
    const directives = schema.getDirectives();
    lists = new Map([
      ["__Schema.types", types.length],
      ["__Schema.directives", directives.length],
      ["__Type.fields", most((t) => fieldsOf(t).length)],
      ["__Type.inputFields", most((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0))],
      ["__Type.enumValues", most((t) => (isEnumType(t) ? t.getValues().length : 0))],
      ["__Type.interfaces", most((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0))],
      ["__Type.possibleTypes", most((t) => (isUnionType(t) ? t.getTypes().length : isInterfaceType(t) ? types.length : 0))],
      [
        "__Field.args",
        Math.max(1, ...types.flatMap((t) => fieldsOf(t).map((f) => f.args.length)), ...directives.map((d) => d.args.length)),
      ],
      ["__Directive.args", Math.max(1, ...directives.map((d) => d.args.length))],
      ["__Directive.locations", 20],
    ]);
    introspectionLists.set(schema, lists);
  }
  return lists.get(key) ?? Object.keys(schema.getTypeMap()).length;
}

function listMultiplier(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): number {
  if (parent.name.startsWith("__")) {
    return isListType(getNullableType(field.type)) ? introspectionListLength(schema, `${parent.name}.${field.name}`) : 1;
  }
  const firstArg = field.args.find((a) => a.name === "first");
  // Lists without `first` are short (translations) or already counted (edges under a connection).
  if (!firstArg) return 1;
  const given = node.arguments?.find((a) => a.name.value === "first");
  let value: unknown = given ? valueFromASTUntyped(given.value, variables) : undefined;
  if (value === undefined || value === null) value = firstArg.defaultValue;
  // A value of the wrong type is refused by execution with its own code; count the default.
  if (typeof value !== "number" || !Number.isFinite(value)) value = typeof firstArg.defaultValue === "number" ? firstArg.defaultValue : 1;
  return Math.max(1, value as number);
}

function checkSearchArgument(parent: GraphQLCompositeType, node: FieldNode, variables: Record<string, unknown>): void {
  const argName = SEARCH_ARGUMENTS[`${parent.name}.${node.name.value}`];
  if (!argName) return;
  const arg = node.arguments?.find((a) => a.name.value === argName);
  if (!arg) return;
  const value: unknown = valueFromASTUntyped(arg.value, variables);
  if (typeof value === "string" && codePointLength(value.trim()) > MAX_SEARCH_LENGTH) {
    throw new AppError(`${argName} is over the length limit of ${MAX_SEARCH_LENGTH} characters`, "BAD_USER_INPUT", {
      field: argName,
      http: { status: 400 },
    });
  }
}

/**
 * The estimated cost of an operation with its variables, each fragment costed once. Also refuses
 * an over-long `search` or `userByName(name)` (BAD_USER_INPUT), wherever in the document it is.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  onVisit?: FragmentVisit,
): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number | "pending">();
  const costOf = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = fieldDef(schema, parent, s.name.value);
        if (!field) throw new Error(`unknown field ${parent.name}.${s.name.value}`);
        checkSearchArgument(parent, s, variables);
        const type = getNamedType(field.type);
        const children = isCompositeType(type) ? costOf(s.selectionSet, type) : 0;
        const own = STATEMENT_FIELDS.has(`${parent.name}.${s.name.value}`) ? STATEMENT_COST : 0;
        total += 1 + own + children * listMultiplier(schema, parent, field, s, variables);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        if (!type || !isCompositeType(type)) throw new Error("inline fragment on an unknown type");
        total += costOf(s.selectionSet, type);
      } else {
        const name = s.name.value;
        let cost = memo.get(name);
        if (cost === "pending") continue;
        if (cost === undefined) {
          const f = fragments.get(name);
          const type = f && schema.getType(f.typeCondition.name.value);
          if (!f || !type || !isCompositeType(type)) throw new Error(`unknown fragment ${name}`);
          memo.set(name, "pending");
          onVisit?.(name);
          cost = costOf(f.selectionSet, type);
          memo.set(name, cost);
        }
        total += cost;
      }
    }
    return total;
  };
  const root =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  return costOf(operation.selectionSet, root);
}

/**
 * Refuses the operation to be run when its cost is over `maxCost`, or cannot be computed
 * (GRAPHQL_VALIDATION_FAILED, HTTP 400); an over-long search is BAD_USER_INPUT. Returns the cost.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  maxCost = MAX_COST,
): number {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) throw validationError(`The cost limit of ${maxCost} cannot be checked: no single operation to run`);
  let cost: number;
  try {
    cost = operationCost(schema, document, operation, variables ?? {});
  } catch (e) {
    if (e instanceof AppError) throw e;
    cost = NaN;
  }
  if (!Number.isFinite(cost)) {
    throw validationError(`The operation's cost cannot be computed, so it is refused; the cost limit is ${maxCost}`, operation);
  }
  if (cost > maxCost) {
    throw validationError(
      `The operation's estimated cost ${count(cost)} is over the cost limit of ${maxCost}; ask for smaller pages (first)`,
      operation,
    );
  }
  return cost;
}

/**
 * An operation costing at least HEAVY_COST is expensive (users(first: 100) with their awards,
 * dozens of statistics): at most HEAVY_CONCURRENCY of them run at once in a process, and one
 * that arrives while they do is shed with SERVICE_UNAVAILABLE (HTTP 503) before anything runs,
 * so that a client sending many keeps neither the event loop nor the database from the others.
 * The console's statistics page costs about 26,000 and a user's page a few hundred.
 */
export const HEAVY_COST = 50_000;
// One: the process has one event loop (and PGlite one session), so a second heavy operation at
// once only takes more of the time the other clients' requests wait for.
export const HEAVY_CONCURRENCY = 1;
/**
 * Most statements of expensive operations running at once (db/statement-priority.ts). On
 * PostgreSQL that many of the pool's connections (DATABASE_POOL_SIZE, 20 by default) at most,
 * so the rest stay free for ordinary requests: 40 statistics are 40 statements issued at once,
 * which would otherwise take all 20 connections and keep 20 database processes busy on the
 * machine's cores while an ordinary request waits for a connection.
 */
export const HEAVY_CONNECTIONS = 2;

export class HeavyBudget {
  private running = 0;
  constructor(readonly capacity = HEAVY_CONCURRENCY) {}

  /** Takes a slot, or throws SERVICE_UNAVAILABLE when none is free. Returns its release. */
  acquire(): () => void {
    if (this.running >= this.capacity) {
      throw new AppError(
        `The service is busy with expensive requests (at most ${this.capacity} at once cost ${HEAVY_COST} or more); nothing was run, try again shortly`,
        "SERVICE_UNAVAILABLE",
        { http: { status: 503 } },
      );
    }
    this.running++;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.running--;
      }
    };
  }

  get inUse(): number {
    return this.running;
  }
}
