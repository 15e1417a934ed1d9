/** Proposals (client/proposals): the stages of a proposal. */
import { defineMessages } from '../define.js';

export default defineMessages({
  en: {
    stageIdea: 'Idea',
    stageCoDesigning: 'Co-designing',
    stagePilot: 'Pilot',
    stageRunning: 'Running',
    stageClosed: 'Closed',
  },
  bn: {
    stageIdea: 'ধারণা',
    stageCoDesigning: 'একসাথে পরিকল্পনা চলছে',
    stagePilot: 'পরীক্ষামূলক',
    stageRunning: 'চালু আছে',
    stageClosed: 'বন্ধ',
  },
  so: {
    stageIdea: 'Fikrad',
    stageCoDesigning: 'Wada-naqshadeyn',
    stagePilot: 'Tijaabo',
    stageRunning: 'Socda',
    stageClosed: 'La xiray',
  },
  ar: {
    stageIdea: 'فكرة',
    stageCoDesigning: 'قيد التصميم المشترك',
    stagePilot: 'مرحلة تجريبية',
    stageRunning: 'قائمة',
    stageClosed: 'مغلقة',
  },
});
