// Tissue classes of the model and their physical properties in each modality.

export const Tissue = {
  air: 0,
  skin: 1,
  fat: 2,
  muscle: 3,
  edema: 4,
  fluid: 5,
  vessel: 6,
  nerve: 7,
  cortical: 8,
  cancellous: 9,
  calcium: 10,
  sediment: 11,
  bowel: 12,
  cartilage: 13,
  kidney: 14,
  urine: 15,
  lung: 16,
  organ: 17,
} as const;
export type Tissue = (typeof Tissue)[keyof typeof Tissue];
export const TISSUE_COUNT = 18;

export interface TissueProperties {
  /** Linear attenuation at the effective energy of a filtered 70-80 kVp beam (about 50 keV), per mm. */
  mu: number;
  /** Relative signal on a T1-weighted spin echo (fat = 1). */
  t1: number;
  /** Relative signal on STIR (fluid = 1, fat suppressed). */
  stir: number;
  /** Relative amplitude of fine signal texture on MR. */
  mrTexture: number;
  /** Tc-99m MDP uptake relative to soft tissue background (= 1 for muscle). */
  uptake: number;
}

const p = (mu: number, t1: number, stir: number, mrTexture: number, uptake: number): TissueProperties => ({ mu, t1, stir, mrTexture, uptake });

export const TISSUES: Record<Tissue, TissueProperties> = {
  [Tissue.air]: p(0, 0, 0, 0, 0),
  [Tissue.skin]: p(0.0225, 0.5, 0.16, 0.05, 0.6),
  [Tissue.fat]: p(0.0185, 1.0, 0.08, 0.04, 0.4),
  [Tissue.muscle]: p(0.0215, 0.36, 0.24, 0.07, 1),
  [Tissue.edema]: p(0.0212, 0.3, 0.78, 0.12, 2.2),
  [Tissue.fluid]: p(0.0205, 0.13, 0.95, 0.04, 0.5),
  [Tissue.vessel]: p(0.022, 0.06, 0.1, 0.05, 1.6),
  [Tissue.nerve]: p(0.021, 0.42, 0.4, 0.12, 1),
  [Tissue.cortical]: p(0.085, 0.02, 0.02, 0.0, 14),
  [Tissue.cancellous]: p(0.036, 0.88, 0.15, 0.12, 11),
  [Tissue.calcium]: p(0.1, 0.05, 0.05, 0.25, 40),
  [Tissue.sediment]: p(0.06, 0.1, 0.14, 0.3, 40),
  [Tissue.bowel]: p(0.0205, 0.33, 0.38, 0.25, 0.9),
  [Tissue.cartilage]: p(0.0215, 0.45, 0.32, 0.03, 1),
  [Tissue.kidney]: p(0.0215, 0.42, 0.5, 0.05, 9),
  [Tissue.urine]: p(0.0205, 0.17, 0.9, 0.02, 90),
  [Tissue.lung]: p(0.005, 0.02, 0.03, 0.1, 0.2),
  [Tissue.organ]: p(0.0215, 0.45, 0.35, 0.05, 1.2),
};
