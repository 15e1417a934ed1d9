/** Published weeks (client/releases): which week the need figures run to. */
import { defineMessages } from '../define.js';

export default defineMessages({
  en: {
    weekOf: 'week of {day}',
    figuresTo:
      'Figures to the week ending {week} (published weekly; flags count once their week is published).',
    nothingPublished:
      'No need figures are published yet: the first week is published on the Tuesday after it ends.',
  },
  bn: {
    weekOf: '{day} থেকে শুরু সপ্তাহ',
    figuresTo:
      '{week} তারিখে শেষ হওয়া সপ্তাহ পর্যন্ত পরিসংখ্যান (প্রতি সপ্তাহে প্রকাশিত হয়; কোনো ফ্ল্যাগ তার সপ্তাহ প্রকাশিত হলে তবেই গণনায় আসে)।',
    nothingPublished:
      'এখনও কোনো প্রয়োজনের পরিসংখ্যান প্রকাশিত হয়নি: প্রথম সপ্তাহটি শেষ হওয়ার পরের মঙ্গলবার প্রকাশিত হবে।',
  },
  so: {
    weekOf: 'usbuuca {day}',
    figuresTo:
      'Tirooyinka ilaa usbuuca ku dhammaanaya {week} (toddobaad kasta ayaa la daabacaa; calaamaduhu waxay xisaabta galaan marka usbuucooda la daabaco).',
    nothingPublished:
      'Weli lama daabicin tirooyin baahiyeed: usbuuca ugu horreeya waxaa la daabacaa Talaadada ka dambaysa dhammaadkiisa.',
  },
  ar: {
    weekOf: 'أسبوع {day}',
    figuresTo:
      'الأرقام حتى الأسبوع المنتهي في {week} (تُنشر أسبوعيًا؛ تُحتسب البلاغات بعد نشر أسبوعها).',
    nothingPublished:
      'لم تُنشر أي أرقام عن الاحتياجات بعد: يُنشر الأسبوع الأول يوم الثلاثاء الذي يلي نهايته.',
  },
});
