// The API paths of the home page's first render, shared by the app (which fetches them) and the storefront
// server (which tells the browser to preload them, storefront/src/server/serve.ts). The server runs without
// the app's code in its image, so these live apart from the fetch helpers.

/** The API's first catalog page, as the home page asks for it. */
export const firstCatalogPagePath = '/api/products?limit=24';
/** The category list the home page shows beside it. */
export const categoriesPath = '/api/categories';
