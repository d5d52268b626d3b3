/**
 * Words of the domain that the store, the cards, the approval loop and the Azure gateway all use. They live here,
 * not in src/azure/, so that only the gateway depends on the Azure layer. Resource references: resource-ids.ts.
 */

/** What an approver decides about a private endpoint connection (and what Azure records as its status). */
export type Decision = 'Approved' | 'Rejected';

/** A started connection test in a factory: the run and the throw-away pipeline and dataset it uses. */
export interface ProbeHandle {
  runId: string;
  pipelineName: string;
  datasetName: string;
}
