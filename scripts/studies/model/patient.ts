// The synthetic patient at one time point: normal anatomy plus the disease, with the lobules kept for the ground truth.
import { normalAnatomy } from './anatomy';
import { type Timepoint, type ClusterSpec, type Lobule, clusterSpecs, scatterLobules, clusterParts, insideAny } from './disease';
import type { Part } from './parts';
import { Tissue } from './tissues';
import { inset } from './shapes';

export interface PatientModel {
  timepoint: Timepoint;
  parts: Part[];
  clusters: { spec: ClusterSpec; lobules: Lobule[] }[];
}

const cache = new Map<Timepoint, PatientModel>();

export function patientModel(t: Timepoint): PatientModel {
  const hit = cache.get(t);
  if (hit) return hit;
  const modelled = normalAnatomy();
  // (Bones reshaped after the deposits were first scattered keep their first outline for the scattering: Part.placement.)
  const bones = modelled.filter((p) => p.tissue === Tissue.cortical && p.placement !== 'ignored');
  const anatomy = modelled.filter((p) => p.placement !== 'only');
  const inBone = insideAny(bones);
  const fat = anatomy.find((p) => p.name === 'subcutaneous fat')!;
  const deepInside = insideAny([{ ...fat, shapes: fat.shapes.map((s) => inset(s, 14)) }]);
  const blocked = (p: readonly [number, number, number]) => inBone(p) || !deepInside(p);
  const clusters = clusterSpecs(t).map((spec) => ({ spec, lobules: scatterLobules(spec, blocked) }));
  const parts = [...anatomy, ...clusters.flatMap((c) => clusterParts(c.spec, c.lobules))];
  const model = { timepoint: t, parts, clusters };
  cache.set(t, model);
  return model;
}
