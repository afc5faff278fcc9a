// The run's export (window.labMatrix, the Download JSON file; contract16.md): the cells with
// what this engine's rules expected of each, the engine, the scheme and the witness.
import { expectedOutcome, isSurprise } from "./expectations.js";
import { interpretProbe } from "./witness.js";

/** Each cell with "expected" (null where the rules predict nothing) and "surprise". */
export function judgeCells(cells, { engine, scheme, witness }) {
  const thirdPartyCookies = witness?.thirdPartyCookies ?? null;
  return cells.map((cell) => {
    const model = expectedOutcome({ ...cell, engine: engine.name, scheme, thirdPartyCookies });
    const expected = model && {
      outcome: model.outcome,
      failedStep: model.failedStep,
      why: model.why,
    };
    return { ...cell, expected, surprise: isSurprise(cell, expected) };
  });
}

/** @param run {id, cells}; context {engine, scheme, witness}; the rest as the page knows it */
export function matrixExport(run, context, { userAgent, topologies }) {
  const witness = context.witness ?? interpretProbe(null);
  return {
    runId: run.id,
    userAgent,
    engine: context.engine,
    scheme: context.scheme,
    witness,
    // Kept for older readers: the same as witness.thirdPartyCookies.
    thirdPartyCookies: witness.thirdPartyCookies,
    topologies,
    cells: judgeCells(run.cells, context),
  };
}
