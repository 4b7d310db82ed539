// The endpoint maps live in @andon/mes-endpoints: the agents render their proposals from the
// same files this adapter checks and sends them by (docs/adr/0024).
export {
  loadEndpointMaps,
  INJECTABLE_FIELDS,
  type ActionMapping,
  type InjectableField,
  type SiteEndpointMap,
} from '@andon/mes-endpoints';
