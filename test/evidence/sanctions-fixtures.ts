/**
 * TEST FIXTURES for the OpenSanctions import tests: hand-written in the shape OpenSanctions
 * publishes. The ids, IMO numbers and MMSIs are made up and are not real list entries.
 */

/** Test fixture: FtM entity stream (one JSON entity per line), as in OpenSanctions entities.ftm.json. */
export const FTM_FIXTURE = [
  JSON.stringify({
    id: 'test-vessel-angara',
    schema: 'Vessel',
    properties: {
      name: ['ANGARA'],
      imoNumber: ['IMO 9000001'],
      mmsi: ['273000001'],
      flag: ['ru'],
      topics: ['sanction'],
    },
    datasets: ['test_sanctions_a', 'test_sanctions_b'],
  }),
  JSON.stringify({
    id: 'test-vessel-maia',
    schema: 'Vessel',
    properties: { name: ['MAIA-1'], mmsi: ['273000002'], topics: ['mare.detained'] },
    datasets: ['test_psc_detentions'],
  }),
  JSON.stringify({
    id: 'test-company-1',
    schema: 'Company',
    properties: { name: ['Test Shipping LLC'], topics: ['sanction'] },
  }),
  '{"id": "broken", "schema": "Vessel", ',
  JSON.stringify({
    id: 'test-vessel-noid',
    schema: 'Vessel',
    properties: { name: ['NO IDS'], imoNumber: ['12'] },
  }),
  JSON.stringify({
    id: 'test-vessel-both',
    schema: 'Vessel',
    properties: { name: ['LADY R'], imoNumber: ['9000003'], topics: ['sanction', 'mare.detained'] },
  }),
].join('\n');

/** Test fixture: OpenSanctions maritime.csv columns (datasets/_collections/maritime.yml). */
export const CSV_FIXTURE = [
  'type,name,imo,risk,countries,flag,mmsi,id,url,datasets,aliases',
  'VESSEL,ANGARA,9000001,sanction,ru;kp,ru,273000001,test-vessel-angara,https://www.opensanctions.org/entities/test-vessel-angara/,test_sanctions_a,',
  'VESSEL,MARIA,9000004,mare.shadow,ru,ru,,test-vessel-maria,,test_watchlist,',
  'ORGANIZATION,Test Shipping LLC,5000001,sanction,ru,,,test-company-1,,test_sanctions_a,',
  'VESSEL,NO NUMBERS,,sanction,,,,test-vessel-nonum,,test_sanctions_a,',
].join('\n');
