/** `POST /bridges/import`: a Live Helper Chat export (and its REST API export) becomes a bridge. */
import { importLhc, LhcImportError } from '../../mapping/lhc-import.ts';
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { invalidField } from '../errors.ts';
import { createBridge } from './bridges.ts';
import type { Bridge } from './bridge-view.ts';

/** The created bridge and what the import left out or changed, to show the user. */
export interface ImportedBridge extends Bridge {
  warnings: string[];
}

export async function importBridge(ctx: CoreContext, principal: Principal, input: { incoming: unknown; rest_api?: unknown; operator_ids?: string[] }): Promise<ImportedBridge> {
  let imported: ReturnType<typeof importLhc>;
  try {
    imported = importLhc({ incoming: input.incoming, rest_api: input.rest_api });
  } catch (error) {
    // An export we cannot honour is well-formed JSON with an invalid setting: 422 naming it.
    if (error instanceof LhcImportError) throw invalidField(error.field, error.message);
    throw error;
  }
  const { warnings, ...bridge } = imported;
  const created = await createBridge(ctx, principal, { ...bridge, name: bridge.name.slice(0, 100), operator_ids: input.operator_ids });
  return { ...created, warnings };
}
