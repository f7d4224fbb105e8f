/**
 * Danish Maritime Authority CSV rows → records (pure). n/a rules: empty or single-space cells,
 * position 91/181, IMO `Unknown`, ship type `Undefined`, navigational status `Unknown value` (= 15).
 * Times are day-first `dd/mm/yyyy HH:MM:SS` UTC. Only rows whose "Type of mobile" is Class A or
 * Class B are vessels: base stations, AtoN and other mobiles (SAR aircraft, SART, …) are counted
 * as ignored, never turned into vessel positions.
 */
import * as c from './cells.js';
import { dmaNavStatus, dmaShipType, foldLabel } from './dma-labels.js';
import { DMA_COLUMNS, DMA_EXTRA_COLUMNS, matchColumns } from './layouts.js';
import type { RowMapper } from './row.js';
import { rowResult } from './row.js';

export const DMA_SOURCE = 'DMA';

export function dmaMapper(header: readonly string[]): RowMapper {
  const { index: ix } = matchColumns(header, DMA_COLUMNS);
  const extra = matchColumns(header, DMA_EXTRA_COLUMNS);
  const hasOffsets = extra.missing.length === 0;
  const at = (cells: string[], col: (typeof DMA_COLUMNS)[number]) => cells[ix[col]];
  const off = (cells: string[], col: (typeof DMA_EXTRA_COLUMNS)[number]) =>
    hasOffsets ? c.metres(cells[extra.index[col]], col) : null;

  return (cells, note) => {
    const mobile = foldLabel(at(cells, 'Type of mobile') ?? '');
    if (mobile === 'base station') return { kind: 'ignored', reason: 'base-station' };
    if (mobile === 'aton') return { kind: 'ignored', reason: 'aton' };
    if (mobile !== 'class a' && mobile !== 'class b') return { kind: 'ignored', reason: 'other-mobile' };

    const tsMs = c.dmyTime(at(cells, 'Timestamp'), 'Timestamp');
    const mmsi = c.mmsi(at(cells, 'MMSI'));
    const ll = c.latLon(at(cells, 'Latitude'), at(cells, 'Longitude'), ['Latitude', 'Longitude']);

    let navStatus = dmaNavStatus(c.text(at(cells, 'Navigational status')));
    if (navStatus === 'unmapped') {
      note(`navStatus:${c.text(at(cells, 'Navigational status'))}`);
      navStatus = null;
    }
    const speed = c.speedKnots(at(cells, 'SOG'), 'SOG');
    const course = c.courseDeg(at(cells, 'COG'), 'COG');
    const heading = c.headingDeg(at(cells, 'Heading'), 'Heading');

    let shipType = dmaShipType(c.text(at(cells, 'Ship type')), c.text(at(cells, 'Cargo type')));
    if (shipType === 'unmapped') {
      note(`shipType:${c.text(at(cells, 'Ship type'))}`);
      shipType = null;
    }
    const stat = {
      imo: c.imo(at(cells, 'IMO'), 'IMO'),
      name: c.text(at(cells, 'Name')),
      callSign: c.text(at(cells, 'Callsign')),
      shipType,
      lengthM: c.metres(at(cells, 'Length'), 'Length'),
      beamM: c.metres(at(cells, 'Width'), 'Width'),
      // ITU-R M.1371: A bow, B stern, C port, D starboard. (DMA's own column notes swap C and D;
      // the values come straight from the AIS message, so the standard's meaning holds.)
      toBowM: off(cells, 'A'),
      toSternM: off(cells, 'B'),
      toPortM: off(cells, 'C'),
      toStarboardM: off(cells, 'D'),
      draughtM: c.metres(at(cells, 'Draught'), 'Draught'),
      destination: c.text(at(cells, 'Destination')),
      eta: c.dmyEta(at(cells, 'ETA'), 'ETA'),
    };
    const pos =
      ll === null
        ? null
        : { lon: ll.lon, lat: ll.lat, speedKnots: speed, courseDeg: course, headingDeg: heading, navStatus };
    return rowResult(mmsi, tsMs, DMA_SOURCE, pos, stat);
  };
}
