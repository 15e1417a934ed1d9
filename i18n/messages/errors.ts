/** The API's error messages meant for people (server/http/errors.ts), in the language of the request. */
import { defineMessages } from '../define.js';

export default defineMessages({
  en: {
    signIn: 'Sign in to continue.',
    notAllowed: 'You are not allowed to do that.',
    notFound: 'Not found: it may have been removed, or the link is wrong.',
    invalid: 'Some fields are not valid.',
    tooMany: 'Too many requests; try again later.',
    malformedJson: 'Malformed JSON in request body.',
    unavailable: 'The database is unavailable; try again shortly.',
    internal: 'Something went wrong on our side.',
  },
  bn: {
    signIn: 'চালিয়ে যেতে সাইন ইন করুন।',
    notAllowed: 'আপনার এটি করার অনুমতি নেই।',
    notFound: 'পাওয়া যায়নি: এটি হয়তো সরিয়ে ফেলা হয়েছে, অথবা লিংকটি ভুল।',
    invalid: 'কিছু ঘর সঠিকভাবে পূরণ করা হয়নি।',
    tooMany: 'অনেক বেশি অনুরোধ; কিছুক্ষণ পরে আবার চেষ্টা করুন।',
    malformedJson: 'অনুরোধের JSON সঠিক নয়।',
    unavailable: 'ডেটাবেস এখন পাওয়া যাচ্ছে না; একটু পরে আবার চেষ্টা করুন।',
    internal: 'আমাদের দিকে কিছু একটা ভুল হয়েছে।',
  },
  so: {
    signIn: 'Gal si aad u sii wadato.',
    notAllowed: 'Looma oggola inaad taas samayso.',
    notFound: 'Lama helin: waa laga yaabaa in la saaray, ama xiriirku waa khalad.',
    invalid: 'Meelaha qaar sax ma aha.',
    tooMany: 'Codsiyo aad u badan; mar dambe isku day.',
    malformedJson: 'JSON-ka codsiga sax ma aha.',
    unavailable: 'Keydka xogta lama heli karo hadda; wax yar kadib isku day.',
    internal: 'Khalad ayaa dhinacayaga ka dhacay.',
  },
  ar: {
    signIn: 'سجّل الدخول للمتابعة.',
    notAllowed: 'غير مسموح لك بفعل ذلك.',
    notFound: 'غير موجود: ربما أُزيل، أو أن الرابط غير صحيح.',
    invalid: 'بعض الحقول غير صالحة.',
    tooMany: 'طلبات كثيرة جدًا؛ حاول مرة أخرى لاحقًا.',
    malformedJson: 'صيغة JSON في الطلب غير صحيحة.',
    unavailable: 'قاعدة البيانات غير متاحة؛ حاول مرة أخرى بعد قليل.',
    internal: 'حدث خطأ من جهتنا.',
  },
});
