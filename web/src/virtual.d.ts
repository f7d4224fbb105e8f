declare module 'virtual:basemap' {
  /** Same-origin URLs of the bundled Natural Earth layers (GeoJSON). */
  const basemap: {
    coarse: { land: string; borders: string };
    fine: { land: string; borders: string };
  };
  export default basemap;
}

declare module '*?url' {
  const url: string;
  export default url;
}

declare module '*.css';
