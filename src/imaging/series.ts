// Groups loaded instances into studies and series and puts each series' images in reading order.
import type { InstanceInfo } from './ingest';

export interface SeriesImage {
  /** Key of the source instance (its SOP Instance UID). */
  sopInstanceUID: string;
  /** 0-based frame within the instance. */
  frame: number;
}

export interface SeriesGroup {
  seriesInstanceUID: string;
  seriesNumber: number | null;
  modality: string;
  description: string;
  instances: InstanceInfo[];
  images: SeriesImage[];
  /** How the images were ordered, for the user who wonders. */
  orderedBy: 'position' | 'instance-number' | 'file-name';
}

export interface StudyGroup {
  studyInstanceUID: string;
  date: string;
  description: string;
  patientName: string;
  series: SeriesGroup[];
}

type Vec3 = [number, number, number];

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Normal of an image plane from ImageOrientationPatient (row × column direction). */
export function sliceNormal(iop: NonNullable<InstanceInfo['imageOrientationPatient']>): Vec3 {
  return cross([iop[0], iop[1], iop[2]], [iop[3], iop[4], iop[5]]);
}

function sameOrientation(a: InstanceInfo['imageOrientationPatient'], b: InstanceInfo['imageOrientationPatient']) {
  if (!a || !b) return false;
  return a.every((v, i) => Math.abs(v - b[i]) < 1e-3);
}

/**
 * Orders the instances of one series: along the slice normal when every instance has a position
 * in one shared orientation and the positions differ, else by InstanceNumber, else by file name.
 */
export function orderInstances(instances: InstanceInfo[]): { ordered: InstanceInfo[]; orderedBy: SeriesGroup['orderedBy'] } {
  const byName = (a: InstanceInfo, b: InstanceInfo) => a.fileName.localeCompare(b.fileName, undefined, { numeric: true });
  const first = instances[0];
  const iop = first?.imageOrientationPatient;
  if (
    instances.length > 1 &&
    iop &&
    instances.every((i) => i.imagePositionPatient && sameOrientation(i.imageOrientationPatient, iop))
  ) {
    const normal = sliceNormal(iop);
    const distance = new Map(instances.map((i) => [i, dot(i.imagePositionPatient as Vec3, normal)]));
    const distinct = new Set([...distance.values()].map((d) => d.toFixed(3)));
    if (distinct.size === instances.length) {
      // Highest position first: for axial slices (normal +Z towards the head) this reads head to feet.
      const ordered = [...instances].sort((a, b) => (distance.get(b) as number) - (distance.get(a) as number));
      return { ordered, orderedBy: 'position' };
    }
  }
  if (instances.every((i) => i.instanceNumber !== null)) {
    const ordered = [...instances].sort((a, b) => (a.instanceNumber as number) - (b.instanceNumber as number) || byName(a, b));
    return { ordered, orderedBy: 'instance-number' };
  }
  return { ordered: [...instances].sort(byName), orderedBy: 'file-name' };
}

/** Groups instances by Study and Series Instance UID; studies newest first is not assumed: oldest first. */
export function groupInstances(instances: InstanceInfo[]): StudyGroup[] {
  const studies = new Map<string, StudyGroup>();
  const seriesOf = new Map<string, InstanceInfo[]>();
  for (const info of instances) {
    let study = studies.get(info.studyInstanceUID);
    if (!study) {
      study = {
        studyInstanceUID: info.studyInstanceUID,
        date: info.studyDate,
        description: info.studyDescription,
        patientName: info.patientName,
        series: [],
      };
      studies.set(info.studyInstanceUID, study);
    }
    const key = `${info.studyInstanceUID}|${info.seriesInstanceUID}`;
    let list = seriesOf.get(key);
    if (!list) {
      list = [];
      seriesOf.set(key, list);
      study.series.push({
        seriesInstanceUID: info.seriesInstanceUID,
        seriesNumber: info.seriesNumber,
        modality: info.modality,
        description: info.seriesDescription,
        instances: list,
        images: [],
        orderedBy: 'file-name',
      });
    }
    list.push(info);
  }
  for (const study of studies.values()) {
    for (const series of study.series) {
      const { ordered, orderedBy } = orderInstances(series.instances);
      series.instances.splice(0, series.instances.length, ...ordered);
      series.orderedBy = orderedBy;
      series.images = ordered.flatMap((info) =>
        Array.from({ length: info.numberOfFrames }, (_, frame) => ({ sopInstanceUID: info.sopInstanceUID, frame })),
      );
    }
    study.series.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || a.description.localeCompare(b.description));
  }
  return [...studies.values()].sort((a, b) => a.date.localeCompare(b.date));
}
