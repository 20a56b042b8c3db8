import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  PriceList,
  PriceListItem,
  Product,
  ProductLine,
  Promotion,
  PromotionKind,
  PricedLineDto,
  priceListCreateSchema,
  priceListUpdateSchema,
  priceListItemInputSchema,
  productCreateSchema,
  productUpdateSchema,
  priceTierInputSchema,
  promotionCreateSchema,
  promotionUpdateSchema,
  PRODUCT_SORTS,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type ProductCreate = z.input<typeof productCreateSchema>;
export type ProductUpdate = z.input<typeof productUpdateSchema>;
export type TierInput = z.input<typeof priceTierInputSchema>;
export type PriceListCreate = z.input<typeof priceListCreateSchema>;
export type PriceListUpdate = z.input<typeof priceListUpdateSchema>;
export type PriceListItemInput = z.input<typeof priceListItemInputSchema>;
export type PromotionCreate = z.input<typeof promotionCreateSchema>;
export type PromotionUpdate = z.input<typeof promotionUpdateSchema>;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductListParams {
  page: number;
  pageSize: number;
  q?: string;
  lineId?: string;
  categoryId?: string;
  active?: 'true' | 'false';
  sort?: ProductSort;
}

export const productKeys = {
  all: ['products'] as const,
  list: (params: ProductListParams) => ['products', 'list', params] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  lines: ['products', 'lines'] as const,
  priceLists: ['products', 'price-lists'] as const,
  priceListItems: (id: string) => ['products', 'price-lists', id, 'items'] as const,
  promotions: (params: object) => ['products', 'promotions', params] as const,
};

const toQuery = (params: object) => params as Record<string, QueryValue>;

function useInvalidateProducts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: productKeys.all });
}

export function useProducts(params: ProductListParams, enabled = true) {
  return useQuery({
    queryKey: productKeys.list(params),
    queryFn: ({ signal }) => api.get<PageData<Product>>('/products', toQuery(params), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({ queryKey: productKeys.detail(id ?? ''), queryFn: () => api.get<Product>(`/products/${id}`), enabled: Boolean(id) });
}

export function useSaveProduct() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: async ({ id, body, tiers }: { id?: string; body: ProductCreate | ProductUpdate; tiers?: TierInput[] }) => {
      let product = id ? await api.patch<Product>(`/products/${id}`, body) : await api.post<Product>('/products', body);
      if (tiers) product = await api.put<Product>(`/products/${product.id}/tiers`, { version: product.version, tiers });
      return product;
    },
    onSuccess: invalidate,
  });
}

export function useDeleteProduct() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete(`/products/${id}?version=${version}`),
    onSuccess: invalidate,
  });
}

export function useProductLines() {
  return useQuery({ queryKey: productKeys.lines, queryFn: () => api.get<ProductLine[]>('/product-lines'), staleTime: 60_000 });
}

export function useSaveProductLine() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: { code?: string; name?: string; sort?: number; active?: boolean } }) =>
      id ? api.patch(`/product-lines/${id}`, body) : api.post('/product-lines', body),
    onSuccess: invalidate,
  });
}

export function useSaveCategory() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: { lineId?: string; name?: string; sort?: number } }) =>
      id ? api.patch(`/product-categories/${id}`, body) : api.post('/product-categories', body),
    onSuccess: invalidate,
  });
}

export function useDeleteCatalogueNode() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ kind, id }: { kind: 'line' | 'category'; id: string }) =>
      api.delete(kind === 'line' ? `/product-lines/${id}` : `/product-categories/${id}`),
    onSuccess: invalidate,
  });
}

export function usePriceLists() {
  return useQuery({ queryKey: productKeys.priceLists, queryFn: () => api.get<PriceList[]>('/price-lists'), staleTime: 30_000 });
}

export function useSavePriceList() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PriceListCreate | PriceListUpdate }) =>
      id ? api.patch<PriceList>(`/price-lists/${id}`, body) : api.post<PriceList>('/price-lists', body),
    onSuccess: invalidate,
  });
}

export function useDeletePriceList() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete(`/price-lists/${id}?version=${version}`),
    onSuccess: invalidate,
  });
}

export function usePriceListItems(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.priceListItems(id ?? ''),
    queryFn: () => api.get<PriceListItem[]>(`/price-lists/${id}/items`),
    enabled: Boolean(id),
  });
}

export function useSavePriceListItems() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, version, items }: { id: string; version: number; items: PriceListItemInput[] }) =>
      api.put<PriceListItem[]>(`/price-lists/${id}/items`, { version, items }),
    onSuccess: invalidate,
  });
}

export interface PromotionListParams {
  page: number;
  pageSize: number;
  kind?: PromotionKind;
  on?: string;
  active?: 'true' | 'false';
}

export function usePromotions(params: PromotionListParams) {
  return useQuery({
    queryKey: productKeys.promotions(params),
    queryFn: ({ signal }) => api.get<PageData<Promotion>>('/promotions', toQuery(params), signal),
    placeholderData: keepPreviousData,
  });
}

export function useSavePromotion() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PromotionCreate | PromotionUpdate }) =>
      id ? api.patch<Promotion>(`/promotions/${id}`, body) : api.post<Promotion>('/promotions', body),
    onSuccess: invalidate,
  });
}

export function useDeletePromotion() {
  const invalidate = useInvalidateProducts();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete(`/promotions/${id}?version=${version}`),
    onSuccess: invalidate,
  });
}

export type PricedLine = PricedLineDto;
