export { BUILTIN_PRICES, PRICES_AS_OF, type ModelPrice } from './prices.js';
export { priceFor, costOf, type PriceTable, type PriceMatch } from './price-for.js';
export { loadPrices, parsePrices } from './load-prices.js';
