// The canonical vocabularies live in @andon/plant-model (the one home of the plant's
// codes); ingest's modules import them from here.
export { CODE_KINDS, type CodeKind } from '@andon/plant-model';
