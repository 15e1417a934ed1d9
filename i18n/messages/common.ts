/** Words every part of the client uses: errors, loading, connection trouble. */
import { defineMessages } from '../define.js';

export default defineMessages({
  en: {
    errorPrefix: 'Error: {message}',
    loading: 'Loading…',
    offline: 'Could not reach Gapmap. Check your connection and try again.',
    checkFields: 'Check the fields marked below.',
  },
  bn: {
    errorPrefix: 'ত্রুটি: {message}',
    loading: 'লোড হচ্ছে…',
    offline: 'Gapmap-এর সাথে যোগাযোগ করা যায়নি। আপনার সংযোগ পরীক্ষা করে আবার চেষ্টা করুন।',
    checkFields: 'নিচে চিহ্নিত ঘরগুলো দেখুন।',
  },
  so: {
    errorPrefix: 'Khalad: {message}',
    loading: 'Waa la soo rarayaa…',
    offline: 'Gapmap lama gaari karin. Hubi xiriirkaaga oo mar kale isku day.',
    checkFields: 'Hubi meelaha hoose ee la calaamadeeyay.',
  },
  ar: {
    errorPrefix: 'خطأ: {message}',
    loading: 'جارٍ التحميل…',
    offline: 'تعذّر الوصول إلى Gapmap. تحقّق من اتصالك وحاول مرة أخرى.',
    checkFields: 'راجع الحقول المشار إليها أدناه.',
  },
});
