import * as v from 'valibot';
import type { LayoutSettings } from './layout-settings';

/**
 * A named workspace as a file (`venueboard.workspace/v1`): the layout of the board (where each panel
 * sits, tabs, popouts, hidden and collapsed panels) and every table's columns. Import goes through one
 * schema with bounds; problems name the field and what it must be and never quote a value (a file may be
 * crafted to look like markup). The docking library's own part (`dock`) is checked for its shape and
 * for naming only panels this build has; the board still falls back to the default arrangement if the
 * library refuses it.
 */
export const WORKSPACE_FORMAT = 'venueboard.workspace/v1';

export const WORKSPACE_LIMITS = {
  bytes: 256 * 1024,
  nameLength: 60,
  ids: 64,
  idLength: 64,
  tables: 32,
  columns: 64,
  /** Nesting of the dock's grid (rows in columns in rows...). */
  gridDepth: 16,
  problems: 20,
} as const;

export interface WorkspaceFile {
  format: typeof WORKSPACE_FORMAT;
  name: string;
  layout: LayoutSettings;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const ID = /^[A-Za-z0-9_.:-]+$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const id = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(WORKSPACE_LIMITS.idLength, `must be at most ${WORKSPACE_LIMITS.idLength} characters`),
  v.regex(ID, 'must be letters, digits, "-", "_", "." or ":"'),
);
const idList = v.pipe(
  v.array(id, 'must be a list of ids'),
  v.maxLength(WORKSPACE_LIMITS.ids, `must list at most ${WORKSPACE_LIMITS.ids} ids`),
);
const boundedRecord = <T extends v.GenericSchema>(value: T, max: number) =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
    v.record(id, value, 'must be an object'),
    v.check((r) => Object.keys(r).length <= max, `must have at most ${max} entries`),
  );

export const workspaceNameSchema = v.pipe(
  v.string('must be text'),
  v.transform((s) => s.trim()),
  v.minLength(1, 'must not be empty'),
  v.maxLength(WORKSPACE_LIMITS.nameLength, `must be at most ${WORKSPACE_LIMITS.nameLength} characters`),
  v.check((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'),
);

const columnPrefsSchema = v.strictObject(
  {
    sizing: boundedRecord(
      v.pipe(
        v.number('must be a number'),
        v.minValue(20, 'must be at least 20'),
        v.maxValue(2000, 'must be at most 2000'),
      ),
      WORKSPACE_LIMITS.columns,
    ),
    visibility: boundedRecord(v.boolean('must be true or false'), WORKSPACE_LIMITS.columns),
    order: v.pipe(
      v.array(id, 'must be a list of column ids'),
      v.maxLength(WORKSPACE_LIMITS.columns, 'too many columns'),
    ),
  },
  'must be { sizing, visibility, order }',
);

function gridDepth(node: unknown, depth = 0): number {
  if (!isPlainObject(node) || !Array.isArray(node.data)) return depth;
  return Math.max(depth, ...node.data.map((child: unknown) => gridDepth(child, depth + 1)));
}

/** The dock's part: the library's serialized layout, naming only known panels. */
function dockSchema(knownPanels: ReadonlySet<string>) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
    v.looseObject(
      {
        grid: v.looseObject(
          { root: v.custom<Record<string, unknown>>(isPlainObject, 'must be an object') },
          'must be an object',
        ),
        panels: boundedRecord(
          v.looseObject({ id, contentComponent: v.literal('panel', 'must be "panel"') }, 'must be a panel'),
          WORKSPACE_LIMITS.ids,
        ),
      },
      'must be a dock layout',
    ),
    v.check((d) => Object.keys(d.panels).every((p) => knownPanels.has(p)), 'names a panel this version does not have'),
    v.check((d) => gridDepth(d.grid.root) <= WORKSPACE_LIMITS.gridDepth, 'is nested too deeply'),
  );
}

function workspaceSchema(knownPanels: ReadonlySet<string>) {
  return v.strictObject(
    {
      format: v.literal(WORKSPACE_FORMAT, `must be "${WORKSPACE_FORMAT}"`),
      name: workspaceNameSchema,
      layout: v.strictObject(
        {
          hidden: idList,
          collapsed: idList,
          tabs: boundedRecord(id, WORKSPACE_LIMITS.ids),
          dock: v.optional(dockSchema(knownPanels)),
          columns: boundedRecord(columnPrefsSchema, WORKSPACE_LIMITS.tables),
        },
        'must be { hidden, collapsed, tabs, dock, columns }',
      ),
    },
    'must be { format, name, layout }',
  );
}

export type WorkspaceParse = { ok: true; workspace: WorkspaceFile } | { ok: false; problems: string[] };

/** Reads a workspace file's text: the workspace, or the problems in words (never quoting the file). */
export function parseWorkspaceFile(text: string, knownPanels: readonly string[]): WorkspaceParse {
  if (new TextEncoder().encode(text).length > WORKSPACE_LIMITS.bytes)
    return {
      ok: false,
      problems: [`The file is larger than ${WORKSPACE_LIMITS.bytes / 1024} KB: not a workspace file.`],
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['The file is not JSON: choose a file exported with "Export workspace".'] };
  }
  const result = v.safeParse(workspaceSchema(new Set(knownPanels)), json);
  if (result.success) return { ok: true, workspace: result.output as WorkspaceFile };
  const problems = result.issues.slice(0, WORKSPACE_LIMITS.problems).map((issue) => {
    const path = v.getDotPath(issue);
    return `${path ? `${path} ` : ''}${issue.message}`;
  });
  return { ok: false, problems };
}

export function workspaceFileText(name: string, layout: LayoutSettings): string {
  const file: WorkspaceFile = { format: WORKSPACE_FORMAT, name, layout };
  return JSON.stringify(file, null, 2);
}
