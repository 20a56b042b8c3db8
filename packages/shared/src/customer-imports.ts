import { z } from 'zod';
import { timestampSchema } from './input.js';
import { customerListQuerySchema } from './customers.js';

/** Fields an import column can map to (customer profile, owner, one contact). */
export const IMPORT_FIELDS = [
  'kind',
  'name',
  'tier',
  'status',
  'source',
  'tags',
  'phone',
  'email',
  'wechat',
  'address',
  'needs',
  'painPoints',
  'industry',
  'size',
  'annualPurchase',
  'taxId',
  'decisionChain',
  'gender',
  'birthday',
  'occupation',
  'interests',
  'ownerUsername',
  'contactName',
  'contactTitle',
  'contactPhone',
  'contactEmail',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_STATUSES = ['uploaded', 'validating', 'validated', 'importing', 'completed', 'failed', 'cancelled'] as const;
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;

/** source column → target field ('' = ignore the column) */
export const importMappingSchema = z.record(z.string(), z.union([z.enum(IMPORT_FIELDS), z.literal('')]));
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

export const importSessionSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** Detected text encoding of a CSV ('utf-8' or 'gb18030'); null for xlsx. */
  encoding: z.string().nullable(),
  columns: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  suggestedMapping: importMappingSchema,
  mapping: importMappingSchema.nullable(),
  mode: z.enum(IMPORT_MODES).nullable(),
  status: z.enum(IMPORT_STATUSES),
  progress: z.object({ processed: z.number().int(), total: z.number().int().nullable() }),
  validation: z
    .object({
      totalRows: z.number().int(),
      validRows: z.number().int(),
      invalidRows: z.number().int(),
      duplicateRows: z.number().int(),
      errors: z.array(importErrorSchema),
    })
    .nullable(),
  result: z.object({ written: z.number().int(), skippedInvalid: z.number().int(), skippedDuplicates: z.number().int() }).nullable(),
  error: z.string().nullable(),
  createdAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
});
export type ImportSession = z.infer<typeof importSessionSchema>;

export const importValidateBodySchema = z.object({ mapping: importMappingSchema });
export const importStartBodySchema = z.object({ mode: z.enum(IMPORT_MODES).default('all_or_nothing') });

export const customerExportQueryFormat = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

/** GET /customers/export: the list's filters and sort (no paging) and the file format. */
export const customerExportQuerySchema = customerListQuerySchema
  .omit({ page: true, pageSize: true })
  .extend(customerExportQueryFormat.shape);
export type CustomerExportQuery = z.infer<typeof customerExportQuerySchema>;
