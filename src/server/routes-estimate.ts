/**
 * The estimate over the ledger: src/shipments `estimateInputFromLedger` → src/estimate `estimate`,
 * with the documented parameter file (data/estimate-params.json), a seed and a sample count. The
 * default basis is confirmed shipments only — what a published figure rests on — so confirming or
 * rejecting a shipment changes it; `basis=all` adds the proposed ones. Under the four-eyes rule
 * (`TALLYMAN_FOUR_EYES=1`, src/shipments/four-eyes.ts) the confirmed basis keeps only the confirmed
 * shipments a second person approved; the answer says which basis it used, in words.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { estimate, formatParamErrors, parseParams } from '../estimate/index.js';
import { estimateInputFromLedger } from '../shipments/estimate-input.js';
import { approvedShipmentIds, basisText, confirmedOnBasis, fourEyesFrom } from '../shipments/four-eyes.js';
import type { ServerContext } from './context.js';
import { defineRoute, HttpError, type Route } from './route.js';
import { estimateQuery, estimateResponse } from './routes-estimate-schemas.js';
import { ledgerVersion } from './routes-ledger.js';

export const DEFAULT_PARAMS_FILE = new URL('../../data/estimate-params.json', import.meta.url).pathname;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function estimateRoutes(ctx: ServerContext, paramsFile = DEFAULT_PARAMS_FILE): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/estimate',
      summary:
        'Monte Carlo estimate of containers, tonnes, rounds and value (medians, 90% intervals) over the ledger',
      tag: 'estimate',
      query: estimateQuery,
      response: estimateResponse,
      async handler({ query }) {
        const ds = await ctx.dataset();
        // Read on every miss: an analyst may edit the parameter file while the server runs.
        const text = readFileSync(paramsFile, 'utf8');
        const paramsSha256 = sha256(text);
        const fourEyes = fourEyesFrom();
        const key = `estimate:${ds.version}:${await ledgerVersion(ctx)}:${paramsSha256}:${query.basis}:${fourEyes}:${query.seed}:${query.samples}`;
        const body = await ctx.cache.getOrCompute(key, async () => {
          const parsed = parseParams(text);
          if (!parsed.ok)
            throw new HttpError(500, `bad parameter file: ${formatParamErrors(paramsFile, parsed.errors)}`);
          const db = await ctx.db();
          const full = await estimateInputFromLedger(db, { simulated: ds.simulated });
          const approved = await approvedShipmentIds(db);
          const counts = { proposed: 0, confirmed: 0, rejected: 0, approved: approved.size };
          for (const s of full.shipments) counts[s.status]++;
          const input =
            query.basis === 'confirmed'
              ? { ...full, shipments: confirmedOnBasis(full.shipments, fourEyes, approved) }
              : full;
          const result = estimate(input, parsed.params, { seed: query.seed, samples: query.samples });
          return JSON.stringify({
            simulated: ds.simulated || input.simulated,
            basis: query.basis,
            fourEyes,
            basisText: basisText(query.basis, fourEyes),
            shipmentsCounted: input.shipments.length,
            seed: query.seed,
            samples: query.samples,
            paramsFile: 'data/estimate-params.json',
            paramsSha256,
            inputSha256: sha256(JSON.stringify(input)),
            shipmentsInLedger: counts,
            result,
          });
        });
        return { raw: body, contentType: 'application/json; charset=utf-8' };
      },
    }),
  ];
}
