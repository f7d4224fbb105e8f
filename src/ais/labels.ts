/**
 * The `*_text` labels gpsd prints beside some numbers: the legend tables of gpsd's
 * `gpsd/gpsd_json.c` (json_aivdm_dump: nav_legends, epfd_legends, ship_type_legends,
 * station_type_legends, navaid_type_legends), which abbreviate the ITU-R M.1371-5 code tables
 * (Annex 8 Table 45 navigational status, Table 53 type of ship, Table 73 aid type; message 4 EPFD).
 * Where gpsd changed a label after 3.22 the newer wording is used, as printed in gpsd's own
 * regression output (shared/data/ais gpsd-*.chk, gpsd 2026): status 3 "Restricted maneuverability",
 * EPFD 9–14 "Reserved (n)", EPFD 15 "Internal GNSS". Conformance tests compare the numbers only.
 */
const STATUS = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted maneuverability',
  'Constrained by her draught',
  'Moored',
  'Aground',
  'Engaged in fishing',
  'Under way sailing',
  'Reserved for HSC',
  'Reserved for WIG',
  'Reserved',
  'Reserved',
  'Reserved',
  'Reserved',
  'Not defined',
];

const EPFD = [
  'Undefined',
  'GPS',
  'GLONASS',
  'Combined GPS/GLONASS',
  'Loran-C',
  'Chayka',
  'Integrated navigation system',
  'Surveyed',
  'Galileo',
  'Reserved (9)',
  'Reserved (10)',
  'Reserved (11)',
  'Reserved (12)',
  'Reserved (13)',
  'Reserved (14)',
  'Internal GNSS',
];

const HAZ = [
  'all ships of this type',
  'Hazardous category A',
  'Hazardous category B',
  'Hazardous category C',
  'Hazardous category D',
];

function shipType(v: number): string {
  if (v === 0) return 'Not available';
  if (v < 20) return 'Reserved for future use';
  // gpsd's table has 100 entries; the 8-bit field's 100–255 (ITU: reserved) print this.
  if (v > 99) return 'INVALID SHIP TYPE';
  const fixed: Record<number, string> = {
    30: 'Fishing',
    31: 'Towing',
    32: 'Towing: length exceeds 200m or breadth exceeds 25m',
    33: 'Dredging or underwater ops',
    34: 'Diving ops',
    35: 'Military ops',
    36: 'Sailing',
    37: 'Pleasure Craft',
    38: 'Reserved',
    39: 'Reserved',
    50: 'Pilot Vessel',
    51: 'Search and Rescue vessel',
    52: 'Tug',
    53: 'Port Tender',
    54: 'Anti-pollution equipment',
    55: 'Law Enforcement',
    56: 'Spare - Local Vessel',
    57: 'Spare - Local Vessel',
    58: 'Medical Transport',
    59: 'Ship according to RR Resolution No. 18',
  };
  const f = fixed[v];
  if (f !== undefined) return f;
  const kinds: Record<number, string> = {
    2: 'Wing in ground (WIG)',
    4: 'High speed craft (HSC)',
    6: 'Passenger',
    7: 'Cargo',
    8: 'Tanker',
    9: 'Other Type',
  };
  const kind = kinds[Math.floor(v / 10)];
  if (kind === undefined) return 'INVALID SHIP TYPE';
  const d = v % 10;
  if (d <= 4) return `${kind} - ${HAZ[d]}`;
  // gpsd writes 99 with a lower-case "no"; 29 is a reserved WIG code, not "no additional information".
  if (d === 9 && v !== 29)
    return `${kind} - ${v >= 90 ? 'no additional information' : 'No additional information'}`;
  return `${kind} - Reserved for future use`;
}

const AID = [
  'Unspecified',
  'Reference point',
  'RACON',
  'Fixed offshore structure',
  'Spare, Reserved for future use.',
  'Light, without sectors',
  'Light, with sectors',
  'Leading Light Front',
  'Leading Light Rear',
  'Beacon, Cardinal N',
  'Beacon, Cardinal E',
  'Beacon, Cardinal S',
  'Beacon, Cardinal W',
  'Beacon, Port hand',
  'Beacon, Starboard hand',
  'Beacon, Preferred Channel port hand',
  'Beacon, Preferred Channel starboard hand',
  'Beacon, Isolated danger',
  'Beacon, Safe water',
  'Beacon, Special mark',
  'Cardinal Mark N',
  'Cardinal Mark E',
  'Cardinal Mark S',
  'Cardinal Mark W',
  'Port hand Mark',
  'Starboard hand Mark',
  'Preferred Channel Port hand',
  'Preferred Channel Starboard hand',
  'Isolated danger',
  'Safe Water',
  'Special Mark',
  'Light Vessel / LANBY / Rigs',
];

const STATION = [
  'All types of mobiles',
  'Reserved for future use',
  'All types of Class B mobile stations',
  'SAR airborne mobile station',
  'Aid to Navigation station',
  // ITU-R M.1371-5 adds "(IEC62287 only)"; gpsd leaves it out.
  'Class B shipborne mobile station',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
  'Regional use and inland waterways',
];

const SHIPTYPE_CACHE: string[] = [];
for (let i = 0; i < 256; i++) SHIPTYPE_CACHE.push(shipType(i));

export function label(kind: 'status' | 'shiptype' | 'epfd' | 'aid_type' | 'stationtype', v: number): string {
  switch (kind) {
    case 'status':
      return STATUS[v] ?? 'Reserved';
    case 'epfd':
      return EPFD[v] ?? 'Reserved';
    case 'shiptype':
      return SHIPTYPE_CACHE[v] ?? 'INVALID SHIP TYPE';
    case 'aid_type':
      return AID[v] ?? 'Unknown';
    case 'stationtype':
      return STATION[v] ?? 'Reserved for future use';
  }
}
