// @ts-check
// The activity kinds the page knows, by their protocol names (docs/protocol.md, section 3):
// the one place the page spells them.
export const KIND = Object.freeze({
  trafficLight: 'traffic_light',
  scale: 'scale',
  choice: 'choice',
  imageChoice: 'image_choice',
  openText: 'open_text',
  dotVote: 'dot_vote',
  inventory: 'inventory',
  actionPlan: 'action_plan',
  photo: 'photo',
  floorPlan: 'floor_plan',
});
