import { z } from 'zod';
import { timestampSchema } from './input.js';
import { customerListQuerySchema } from './customers.js';
import { messageSchema } from './messages.js';

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
  // issue 22 item 4: a landline is a phone; province and city join the address
  'landline',
  'province',
  'city',
  // issue 22 items 4 and 9: notes, the original creation date, every contact of a customer in one cell
  'notes',
  'createdAt',
  'contacts',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_STATUSES = ['uploaded', 'validating', 'validated', 'importing', 'completed', 'failed', 'cancelled'] as const;
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;

/** source column → target field ('' = ignore the column) */
export const importMappingSchema = z.record(z.string(), z.union([z.enum(IMPORT_FIELDS), z.literal('')]));
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** Fields whose file values the user may map to ours (issue 22 item 5); industry and owner take any text. */
export const VALUE_MAPPED_FIELDS = ['kind', 'tier', 'status', 'source', 'gender', 'size', 'industry', 'ownerUsername'] as const;
export type ValueMappedField = (typeof VALUE_MAPPED_FIELDS)[number];

/** field → value in the file → our value (a choice's code, an industry, a username). */
export const importValueMappingSchema = z.partialRecord(
  z.enum(VALUE_MAPPED_FIELDS),
  z.record(z.string().max(500), z.string().trim().min(1).max(200)),
);
export type ImportValueMapping = z.infer<typeof importValueMappingSchema>;

export const importErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** The reason in English (logs, API clients). */
  reason: z.string(),
  /** The reason as an i18n key and parameters, shown in the reader's language (issue 22 item 8). */
  message: messageSchema.nullable().default(null),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importHeaderCandidateSchema = z.object({ row: z.number().int(), cells: z.array(z.string()) });

export const importSessionSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** Detected text encoding of a CSV ('utf-8' or 'gb18030'); null for xlsx. */
  encoding: z.string().nullable(),
  columns: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  /** The header's spreadsheet row number (detected or picked), and the first rows to pick it from (issue 22 item 2). */
  headerRow: z.number().int().nullable(),
  headerCandidates: z.array(importHeaderCandidateSchema),
  suggestedMapping: importMappingSchema,
  mapping: importMappingSchema.nullable(),
  valueMapping: importValueMappingSchema.nullable(),
  /** Columns of the file that map to nothing (of the mapping, else the suggestion): listed as "will be ignored". */
  ignoredColumns: z.array(z.string()),
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
  /** Why the job stopped, in English (logs, API clients). */
  error: z.string().nullable(),
  /** Why the job stopped, as an i18n key and parameters for the reader's language (issue 22 item 8). */
  errorMessage: messageSchema.nullable(),
  createdAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
});
export type ImportSession = z.infer<typeof importSessionSchema>;

export const importValidateBodySchema = z.object({
  mapping: importMappingSchema,
  valueMapping: importValueMappingSchema.default({}),
});
export const importHeaderBodySchema = z.object({ row: z.number().int().min(1) });

/** POST /customer-imports/:id/values: the distinct values of the mapped value columns, each with our value for it. */
export const importValuesBodySchema = z.object({ mapping: importMappingSchema });
export const importValuesSchema = z.object({
  fields: z.array(
    z.object({
      field: z.enum(VALUE_MAPPED_FIELDS),
      column: z.string(),
      values: z.array(
        z.object({
          value: z.string(),
          count: z.number().int(),
          /** Our value: remembered for the user, else from the synonyms; null when unknown. */
          suggested: z.string().nullable(),
          /** The value is understood without a mapping (a known label or synonym). */
          known: z.boolean(),
        }),
      ),
      /** More distinct values than listed. */
      truncated: z.boolean(),
    }),
  ),
  scannedRows: z.number().int(),
});
export type ImportValues = z.infer<typeof importValuesSchema>;
export const importStartBodySchema = z.object({ mode: z.enum(IMPORT_MODES).default('all_or_nothing') });

export const customerExportQueryFormat = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

/** GET /customers/export: the list's filters and sort (no paging) and the file format. */
export const customerExportQuerySchema = customerListQuerySchema
  .omit({ page: true, pageSize: true })
  .extend(customerExportQueryFormat.shape);
export type CustomerExportQuery = z.infer<typeof customerExportQuerySchema>;

/** GET /customer-imports/owners: who the caller may import customers for (issue 22 item 3), for the owner value picker. */
export const importOwnerQuerySchema = z.object({
  /** Part of a username, display name or employee number. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const importOwnerSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  employeeNo: z.string().nullable(),
  orgUnitName: z.string().nullable(),
});
export type ImportOwner = z.infer<typeof importOwnerSchema>;
export const importOwnerListSchema = z.object({ items: z.array(importOwnerSchema) });
