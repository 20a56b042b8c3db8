import { lazy } from 'react';
import { AppstoreOutlined, GiftOutlined, TagsOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ProductListPage = lazy(() => import('./ProductListPage'));
const PriceListsPage = lazy(() => import('./PriceListsPage'));
const PromotionsPage = lazy(() => import('./PromotionsPage'));

/** M2 Products and pricing (R-PRC-1). */
export const productsRoutes: ModuleRoute[] = [
  {
    path: '/products',
    Component: ProductListPage,
    permission: 'products.read',
    menu: { group: 'pipeline', labelKey: 'products.menu.catalogue', icon: <AppstoreOutlined />, testId: 'menu-products', order: 50 },
  },
  {
    path: '/price-lists',
    Component: PriceListsPage,
    permission: 'products.read',
    menu: { group: 'pipeline', labelKey: 'products.menu.priceLists', icon: <TagsOutlined />, testId: 'menu-price-lists', order: 60 },
  },
  {
    path: '/promotions',
    Component: PromotionsPage,
    permission: 'products.read',
    menu: { group: 'pipeline', labelKey: 'products.menu.promotions', icon: <GiftOutlined />, testId: 'menu-promotions', order: 70 },
  },
];
