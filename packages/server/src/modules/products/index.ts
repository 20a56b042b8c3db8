import { defineModule } from '../../platform/manifest/index.js';
import { productsAccess } from './products.access.js';
import { productsRoutes } from './products.routes.js';
import { productSearchable } from './products.search.js';

/** Products module (M2): catalogue, price lists, ladder tiers, promotions and R-PRC-1 pricing. Other modules import only this file. */
export { productsAccess } from './products.access.js';
export { productsRoutes } from './products.routes.js';
export { companyToday, prefixBody } from './products.service.js';
export { floorFor, seesFloor } from './floor-visibility.js';
export { pricingEventEligibility } from './products.slots.js';
export { productLines, productCategories, products, priceLists, priceListItems, priceTiers, promotions } from './products.schema.js';
export {
  priceLine,
  priceLines,
  loadPricingCatalog,
  buildPricingCatalog,
  resolvePriceListId,
  type PriceInput,
  type PricedLine,
  type PricingCatalog,
  type PricingCatalogInput,
  type CatalogProduct,
  type CatalogPriceListItem,
  type CatalogTier,
  type CatalogPromotion,
  type PricingContext,
} from './pricing.js';

export const productsModule = defineModule({
  name: 'products',
  dependsOn: ['customers'],
  routes: [productsRoutes],
  access: [productsAccess],
  searchables: [productSearchable],
});
