// tfjs-backend-wasm's Emscripten glue mentions __filename and __dirname for Node; the bundler
// mocks them and warns on every build. The browser never takes that path: drop the warning.
/** Docusaurus plugin: ignore the bundler's __filename/__dirname warnings from tfjs-backend-wasm. */
export function quietTfjs() {
  return {
    name: 'hyperposition-quiet-tfjs',
    configureWebpack() {
      return {
        // The only modules of the site that mention them are tfjs-backend-wasm's.
        ignoreWarnings: [/"__(filename|dirname)" is used and has been mocked/],
      };
    },
  };
}
