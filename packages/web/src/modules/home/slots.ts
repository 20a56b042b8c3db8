import type { ComponentType } from 'react';
import { defineSlot } from '../../core/slots';

/** A card a later module shows on the home page above the counts (customers: "my day"). */
export interface HomeCard {
  key: string;
  Component: ComponentType;
}

export const homeCards = defineSlot<HomeCard>('home.cards');
