import { teamworkSettingsSchema, type TeamworkSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings } from '../../platform/settings/settings.js';

/** 分层级汇报: a day at the supervisor, two at the manager, three at the director. */
export const DEFAULT_TEAMWORK_SETTINGS: TeamworkSettings = { escalationSlaHours: [24, 48, 72] };

export const getTeamworkSettings = (db: Executor) => getModuleSettings(db, 'teamwork', teamworkSettingsSchema, DEFAULT_TEAMWORK_SETTINGS);
