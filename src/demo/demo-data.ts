/**
 * Demo data for the achievements service: a bilingual achievement catalogue,
 * a cast of users in several time zones and a deterministic award history.
 *
 * Everything here is plain data plus a pure function of `now`; nothing depends
 * on Math.random, the host time zone or the current clock. The texts are
 * written separately in each language (not translated), so the jokes land in
 * both.
 */

export type DemoLanguage = "EN" | "RU";

export interface DemoText {
  name: string;
  description: string;
}

/** At least one of `en` / `ru` is present. */
export interface DemoAchievement {
  /** Stable kebab-case identifier. */
  key: string;
  points: number;
  en?: DemoText;
  ru?: DemoText;
  /** Secret until earned: its texts read as a placeholder without an admin key. */
  hidden?: boolean;
  /** Steps of an incremental achievement, earned by progress reports. */
  steps?: number;
}

export interface DemoUser {
  name: string;
  language: DemoLanguage;
  /** IANA time zone name. */
  timeZone: string;
}

/** A user part-way through an incremental achievement. */
export interface DemoProgress {
  user: string;
  achievement: string;
  current: number;
  updatedAt: Date;
}

export interface DemoAward {
  /** `DemoUser.name` */
  user: string;
  /** `DemoAchievement.key` */
  achievement: string;
  awardedAt: Date;
}

// ---------------------------------------------------------------------------
// Achievements
// ---------------------------------------------------------------------------

export const demoAchievements: readonly DemoAchievement[] = [
  {
    key: "hello-world",
    points: 1,
    en: {
      name: "Hello, World!",
      description: "Logged in for the first time. Every programmer starts with these two words; you got away with one click.",
    },
    ru: {
      name: "Первый блин",
      description: "Впервые вошли в систему. И, вопреки поговорке, совсем не комом.",
    },
  },
  {
    key: "first-lesson",
    points: 5,
    en: {
      name: "Baby Steps",
      description: "Finished your first lesson. One small step for you, one giant leap for your progress bar.",
    },
    ru: {
      name: "Лиха беда начало",
      description: "Первый урок пройден. Самое страшное позади, дальше будет только интереснее.",
    },
  },
  {
    key: "first-mistake",
    points: 2,
    en: {
      name: "To Err Is Human",
      description: "Got your first answer wrong. Congratulations: the CAPTCHA was right, you really are human.",
    },
    ru: {
      name: "Не ошибается тот, кто ничего не делает",
      description: "Первый неправильный ответ. Зато теперь точно известно: вы что-то делаете.",
    },
  },
  {
    key: "ten-lessons",
    points: 15,
    en: {
      name: "Getting the Hang of It",
      description: "Completed ten lessons. The tutorial tooltips have finally stopped worrying about you.",
    },
    ru: {
      name: "Аппетит приходит во время еды",
      description: "Десять уроков позади. Аппетит, как водится, только разыгрался.",
    },
  },
  {
    key: "hundred-lessons",
    points: 250,
    en: {
      name: "Triple Digits",
      description: "Completed a hundred lessons. Your progress bar has asked for a raise and a bigger screen.",
    },
    ru: {
      name: "Круглая сотня",
      description: "Сто уроков за плечами. Могли бы вручить вам сто рублей одной бумажкой, но мы щедрее: держите 250 баллов.",
    },
  },
  {
    key: "course-complete",
    points: 100,
    en: {
      name: "Certified",
      description: "Finished an entire course. Frame the certificate, or at least screenshot it for posterity.",
    },
    ru: {
      name: "Конец — делу венец",
      description: "Курс пройден от корки до корки. Венец на месте, сертификат можно вешать на стену.",
    },
  },
  {
    key: "five-courses",
    points: 1000,
    en: {
      name: "Serial Graduate",
      description: "Finished five courses. Your diploma wall is running out of wall.",
    },
    ru: {
      name: "Учиться, учиться и ещё раз учиться",
      description: "Пять курсов пройдено. Завет классика выполнен трижды — и ещё дважды сверх плана.",
    },
  },
  {
    key: "streak-3",
    points: 10,
    en: {
      name: "Hat Trick",
      description: "Three days in a row. Not a habit yet, but it is definitely flirting with one.",
    },
    ru: {
      name: "Бог любит троицу",
      description: "Три дня подряд. Бог любит троицу, а мы — тех, кто придёт и на четвёртый.",
    },
  },
  {
    key: "streak-7",
    points: 50,
    en: {
      name: "Eight Days a Week (Minus One)",
      description: "Seven days in a row. The Beatles promised eight, but they had four people to share the load.",
    },
    ru: {
      name: "Семь пятниц на неделе",
      description: "Семь дней подряд — и ни разу не передумали. Поговорку придётся переписать.",
    },
  },
  {
    key: "streak-30",
    points: 200,
    en: {
      name: "Creature of Habit",
      description: "Thirty days in a row. At this point it's not a streak, it's a lifestyle.",
    },
    ru: {
      name: "Привычка — вторая натура",
      description: "Тридцать дней подряд. Если теперь вы пропустите день, приложение заволнуется первым.",
    },
  },
  {
    key: "streak-100",
    points: 1000,
    en: {
      name: "Centurion",
      description: "A hundred days in a row. Rome wasn't built in a day, but a hundred of yours would have made a decent start.",
    },
    ru: {
      name: "Сто дней одиночества",
      description: "Сто дней подряд без единого пропуска. Маркесу понадобилось сто лет, а вы управились за сто дней.",
    },
  },
  {
    key: "streak-365",
    points: 10000,
    en: {
      name: "Groundhog Year",
      description: "Logged in 365 days in a row. Same app, same chair, same time — a completely different you.",
    },
    ru: {
      name: "Белка в колесе",
      description: "Целый год — каждый божий день. Белка в колесе нервно пересчитывает свои обороты.",
    },
  },
  {
    key: "comeback",
    points: 25,
    en: {
      name: "I'll Be Back",
      description: "Returned after more than a month away. You said it, and unlike most people, you meant it.",
    },
    ru: {
      name: "Лучше поздно, чем никогда",
      description: "Вернулись после месячного перерыва. «Никогда» так и не наступило — мы проверяли.",
    },
  },
  {
    key: "rage-quit-return",
    points: 8,
    en: {
      name: "Rage Quit, Rage Return",
      description: "Closed the app mid-lesson and came back within five minutes. We saw nothing. We say nothing.",
    },
    ru: {
      name: "Улетел, но обещал вернуться",
      description: "Хлопнули дверью посреди урока и вернулись меньше чем через пять минут. Милый, милый…",
    },
  },
  {
    key: "night-owl",
    points: 15,
    en: {
      name: "Night Owl",
      description: "Finished a lesson between midnight and 4 a.m. Whoo needs sleep? Apparently, not you.",
    },
    ru: {
      name: "Утро вечера мудренее",
      description: "Закончили урок между полуночью и четырьмя утра. Утро вечера мудренее, но вы решили не дожидаться ни того, ни другого.",
    },
  },
  {
    key: "early-bird",
    points: 15,
    en: {
      name: "The Early Bird",
      description: "Finished a lesson before 6 a.m. The worm was unavailable for comment.",
    },
    ru: {
      name: "Кто рано встаёт",
      description: "Урок пройден до шести утра. Кто рано встаёт, тому Бог подаёт, а мы от себя добавляем баллы.",
    },
  },
  {
    key: "weekend-warrior",
    points: 20,
    en: {
      name: "Weekend Warrior",
      description: "Studied on both Saturday and Sunday. Brunch can wait; knowledge, apparently, can't.",
    },
    ru: {
      name: "Делу время",
      description: "Занимались и в субботу, и в воскресенье. Делу — время, потехе — час, и этот час вы тоже отдали учёбе.",
    },
  },
  {
    key: "monday-morning",
    points: 20,
    en: {
      name: "Case of the Mondays",
      description: "Finished a lesson before 9 a.m. on a Monday. Garfield would like a word with you.",
    },
    ru: {
      name: "Понедельник — день тяжёлый",
      description: "Прошли урок в понедельник до девяти утра. День тяжёлый, но и вы, судя по всему, тяжелоатлет.",
    },
  },
  {
    key: "lunch-and-learn",
    points: 10,
    en: {
      name: "Lunch and Learn",
      description: "Completed a lesson during your lunch break. Chewing and thinking at the same time — true multitasking.",
    },
    ru: {
      name: "Когда я ем, я глух и нем",
      description: "Прошли урок за обедом. Глухи, немы — и, как выяснилось, совсем не глупы.",
    },
  },
  {
    key: "binge-learner",
    points: 60,
    en: {
      name: "Binge Learner",
      description: "Completed ten lessons in a single day. Just one more episode… lesson… episode.",
    },
    ru: {
      name: "Ещё одну серию — и спать",
      description: "Десять уроков за один день. Спать, судя по всему, так и не пошли.",
    },
  },
  {
    key: "speedrun",
    points: 30,
    en: {
      name: "Any% Speedrun",
      description: "Finished a lesson in under five minutes. No glitches were exploited. Probably.",
    },
    ru: {
      name: "Одна нога здесь, другая там",
      description: "Урок пройден меньше чем за пять минут. Вторая нога, кажется, до сих пор догоняет.",
    },
  },
  {
    key: "slow-and-steady",
    points: 25,
    en: {
      name: "Slow and Steady",
      description: "Spent more than two hours on a single lesson. The tortoise sends its regards; the hare is still napping.",
    },
    ru: {
      name: "Тише едешь — дальше будешь",
      description: "Больше двух часов на одном уроке. «Тише» — это точно про вас, «дальше» — скоро проверим.",
    },
  },
  {
    key: "perfect-quiz",
    points: 40,
    en: {
      name: "Flawless Victory",
      description: "Scored 100% on a quiz. Please imagine the announcer's voice yourself; our lawyers said no.",
    },
    ru: {
      name: "Комар носа не подточит",
      description: "Тест сдан на все сто. Комар пытался придраться, но улетел ни с чем.",
    },
  },
  {
    key: "third-time-lucky",
    points: 35,
    en: {
      name: "Third Time's the Charm",
      description: "Passed a quiz on the third attempt. The first two were just reconnaissance.",
    },
    ru: {
      name: "Терпение и труд",
      description: "Сдали тест с третьей попытки. Терпение и труд всё перетрут — этот тест, как видите, тоже.",
    },
  },
  {
    key: "git-gud",
    points: 150,
    en: {
      name: "Git Gud",
      description: "Beat a boss-level exercise after failing it ten times. The first nine were a tutorial you designed yourself.",
    },
  },
  {
    key: "tldr",
    points: 15,
    en: {
      name: "TL;DR",
      description: "Passed a quiz without ever opening the lesson. Too long; didn't read; didn't need to.",
    },
  },
  {
    key: "happy-accident",
    points: 7,
    en: {
      name: "Happy Little Accident",
      description: "A typo in your answer turned out to be the correct answer. Bob Ross would be proud.",
    },
    ru: {
      name: "Очепятка",
      description: "Опечатались в ответе, а он оказался правильным. Бывают и счастливые очепятки.",
    },
  },
  {
    key: "deadline-surfer",
    points: 20,
    en: {
      name: "Deadline Surfer",
      description: "Submitted an assignment in the last ten minutes before the deadline. Cowabunga — but let's not make it a habit.",
    },
    ru: {
      name: "Пока гром не грянет",
      description: "Сдали задание за десять минут до дедлайна. Гром грянул — вы перекрестились и нажали «Отправить».",
    },
  },
  {
    key: "ahead-of-schedule",
    points: 30,
    en: {
      name: "Ahead of Schedule",
      description: "Submitted an assignment a full week early. Blink twice if you need help.",
    },
    ru: {
      name: "Готовь сани летом",
      description: "Сдали задание за неделю до срока. Сани готовы, а лето ещё даже не началось.",
    },
  },
  {
    key: "hardcore",
    points: 500,
    en: {
      name: "Hardcore Mode",
      description: "Finished an entire course without a single hint. No training wheels, no safety net, no regrets.",
    },
    ru: {
      name: "Без звонка другу",
      description: "Прошли целый курс без единой подсказки. Ни помощи зала, ни «пятьдесят на пятьдесят».",
    },
  },
  {
    key: "first-question",
    points: 5,
    en: {
      name: "No Stupid Questions",
      description: "Asked your first question on the forum. There are no stupid questions — only unasked ones and very patient moderators.",
    },
    ru: {
      name: "За спрос денег не берут",
      description: "Задали первый вопрос на форуме. Денег с вас и правда не взяли, а вот пять баллов — дали.",
    },
  },
  {
    key: "helping-hand",
    points: 20,
    en: {
      name: "Helping Hand",
      description: "Answered another learner's question. Teaching is learning twice, so technically this counts double.",
    },
    ru: {
      name: "Сам погибай, а товарища выручай",
      description: "Ответили на вопрос другого ученика. Товарищ выручен, погибать, к счастью, не пришлось.",
    },
  },
  {
    key: "crowd-favourite",
    points: 75,
    en: {
      name: "Crowd Favourite",
      description: 'One of your answers got 25 upvotes. The people have spoken, and what they said was "this, exactly".',
    },
    ru: {
      name: "Глас народа",
      description: "Ваш ответ набрал 25 голосов. Глас народа — глас божий, так что считайте это благословением.",
    },
  },
  {
    key: "fifty-answers",
    points: 300,
    en: {
      name: "Stack Underflow",
      description: "Answered fifty questions from other learners. Somewhere, a forum is running out of unanswered threads.",
    },
    ru: {
      name: "Ходячая энциклопедия",
      description: "Пятьдесят ответов другим ученикам. Скоро вас начнут цитировать в сносках.",
    },
  },
  {
    key: "plus-one",
    points: 50,
    en: {
      name: "Plus One",
      description: "Invited a friend who actually signed up. The more, the merrier — and the more competitive.",
    },
    ru: {
      name: "Не имей сто рублей…",
      description: "…а имей сто друзей. Пригласили друга, и он зарегистрировался. Осталось девяносто девять.",
    },
  },
  {
    key: "critic",
    points: 10,
    en: {
      name: "Everyone's a Critic",
      description: "Left feedback on a lesson. We read every word. Some of them twice. Some of them out loud.",
    },
    ru: {
      name: "Критикуешь — предлагай",
      description: "Оставили отзыв на урок. Предложение принято, критика учтена, автор урока пьёт валерьянку.",
    },
  },
  {
    key: "first-bug",
    points: 50,
    en: {
      name: "It's Not a Feature",
      description: "Reported your first confirmed bug. Our developers insisted it was a feature; you politely disagreed and won.",
    },
    ru: {
      name: "Мухи отдельно, котлеты отдельно",
      description: "Нашли первую настоящую ошибку. Мухи — отдельно, котлеты — отдельно, баг — в трекере.",
    },
  },
  {
    key: "ten-bugs",
    points: 500,
    en: {
      name: "Pest Control",
      description: "Ten confirmed bugs. Our developers now flinch when they see your name — gratefully.",
    },
    ru: {
      name: "Жук в муравейнике",
      description: "Десять подтверждённых ошибок. Стругацким хватило одного жука на целый роман, а вы нашли десять.",
    },
  },
  {
    key: "meta-bug",
    points: 100000,
    en: {
      name: "Who Watches the Watchmen?",
      description: "Found a bug in this very achievement system. Yes, we're giving you an achievement for it. Yes, we see the irony.",
    },
    ru: {
      name: "Сапожник без сапог",
      description: "Нашли ошибку в самой системе достижений. Сапожник без сапог, а мы, как выяснилось, без тестов.",
    },
  },
  {
    key: "profile-complete",
    points: 10,
    en: {
      name: "Main Character Energy",
      description: "Filled in every field of your profile, including the one nobody ever fills in.",
    },
    ru: {
      name: "Встречают по одёжке",
      description: "Заполнили профиль целиком. Встречать теперь будут по одёжке, а провожать — по баллам.",
    },
  },
  {
    key: "avatar",
    points: 5,
    en: {
      name: "Face Reveal",
      description: "Uploaded an avatar. The default grey silhouette has been retired with full honours.",
    },
    ru: {
      name: "Себя показать",
      description: "Загрузили аватар. Людей посмотрели — теперь и себя показали.",
    },
  },
  {
    key: "dark-mode",
    points: 3,
    en: {
      name: "Come to the Dark Side",
      description: "Switched to dark mode. We have cookies. And much better contrast after midnight.",
    },
    ru: {
      name: "Темнота — друг молодёжи",
      description: "Включили тёмную тему. Темнота — друг молодёжи, а после полуночи ещё и лучший друг глаз.",
    },
  },
  {
    key: "mute-all",
    points: 2,
    en: {
      name: "Silence Is Golden",
      description: "Turned off all notifications. Silence is golden; this achievement, sadly, is worth two points.",
    },
    ru: {
      name: "Не буди лихо",
      description: "Отключили все уведомления. Будить больше не будем — теперь мы тише воды, ниже травы.",
    },
  },
  {
    key: "polyglot",
    points: 10,
    en: {
      name: "Lost in Translation",
      description: "Switched the interface language. Relax: the jokes were rewritten, not translated.",
    },
    ru: {
      name: "Моя твоя понимай",
      description: "Переключили язык интерфейса. Теперь мы понимаем друг друга на двух языках — и шутки в каждом свои.",
    },
  },
  {
    key: "friday-13",
    points: 13,
    en: {
      name: "Friday the 13th",
      description: "Finished a lesson on Friday the 13th. Nothing bad happened. Suspicious.",
    },
    ru: {
      name: "Тьфу-тьфу-тьфу",
      description: "Прошли урок в пятницу, тринадцатого. Ничего плохого не случилось — но по дереву всё-таки постучите.",
    },
  },
  {
    key: "pi-day",
    points: 31,
    en: {
      name: "Easy as Pi",
      description: "Logged in on March 14, Pi Day. We're irrationally happy about it.",
    },
    ru: {
      name: "Три целых, четырнадцать сотых",
      description: "Зашли 14 марта, в День числа π. Начислили 31 балл, остальные 4159… ещё досчитываем.",
    },
  },
  {
    key: "birthday",
    points: 30,
    en: {
      name: "The Cake Can Wait",
      description: "Studied on your birthday. The candles are patient; your streak is not.",
    },
    ru: {
      name: "Только раз в году",
      description: "Учились в свой день рождения. К сожаленью, день рожденья только раз в году, а урок — хоть каждый день.",
    },
  },
  {
    key: "new-year-night",
    points: 100,
    ru: {
      name: "Как Новый год встретишь…",
      description:
        "…так его и проведёшь. Занимались в новогоднюю ночь: по примете, весь год пройдёт за учёбой. Поздравляем — или сочувствуем, решайте сами.",
    },
  },
  {
    key: "easter-egg",
    points: 77,
    en: {
      name: "Easter Egg Hunter",
      description: "Found a hidden easter egg. We're not telling where, and neither should you.",
    },
    ru: {
      name: "Кощеева игла",
      description: "Нашли пасхалку. Она была в яйце, яйцо — в утке, утка — в зайце… В общем, вы поняли.",
    },
  },
  {
    key: "bookworm",
    points: 45,
    en: {
      name: "Bookworm",
      description: "Read every piece of optional reading. Yes, even the footnotes. Especially the footnotes.",
    },
    ru: {
      name: "Гранит науки",
      description: "Прочитали все дополнительные материалы, включая сноски. Гранит науки сгрызен, зубы целы.",
    },
  },
  {
    key: "completionist",
    points: 5000,
    en: {
      name: "Gotta Catch 'Em All",
      description: "Unlocked every other achievement. There's nothing left to do here — go outside, we'll wait.",
    },
    ru: {
      name: "И швец, и жнец, и на дуде игрец",
      description: "Собрали все остальные достижения. Шьёте, жнёте, на дуде играете — остальным остаётся только аплодировать.",
    },
  },

  // Incremental and hidden achievements: earned by progress (or kept secret until earned). The
  // award history below leaves them to progress: nobody holds them yet.
  {
    key: "fueled-by-coffee",
    points: 40,
    steps: 100,
    en: {
      name: "Fueled by Coffee",
      description: "Log 100 study sessions. Somewhere a barista knows your name, your order and your deadlines.",
    },
    ru: {
      name: "На кофеиновой тяге",
      description: "Сто учебных сессий. Бариста уже здоровается по имени и не спрашивает, какой сироп.",
    },
  },
  {
    key: "page-turner",
    points: 30,
    steps: 50,
    en: {
      name: "Page Turner",
      description: "Finish 50 lessons. The bookmark is exhausted; you are just getting started.",
    },
    ru: {
      name: "Учиться, учиться и учиться",
      description: "Пройдите 50 уроков. Завет выполнен, план перевыполнен, конспекты не помещаются в рюкзак.",
    },
  },
  {
    key: "typo-hunter",
    points: 25,
    steps: 25,
    hidden: true,
    en: {
      name: "Typo Hunter",
      description: "Report 25 typos in the course materials. Teh best kind of bug report.",
    },
    ru: {
      name: "Глаз-алмаз",
      description: "Нашли 25 опечаток в материалах курса. Корректоры нервно курят в сторонке.",
    },
  },
  {
    key: "rubber-duck",
    points: 15,
    hidden: true,
    en: {
      name: "Rubber Duck Debugging",
      description: "Explained your bug to a rubber duck and found it mid-sentence. The duck takes no credit.",
    },
    ru: {
      name: "Метод утёнка",
      description: "Рассказали резиновой уточке про баг и нашли его на полуслове. Уточка скромно промолчала.",
    },
  },
  {
    key: "works-on-my-machine",
    points: 10,
    hidden: true,
    en: {
      name: "Works on My Machine",
      description: "Pushed a 3 a.m. fix that only works on your laptop. Ship the laptop.",
    },
    ru: {
      name: "У меня всё работает",
      description:
        "Закоммитили исправление в три часа ночи, и работает оно только на вашем ноутбуке. Придётся отправить заказчику ноутбук.",
    },
  },
];

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

export const demoUsers: readonly DemoUser[] = [
  { name: "Пётр Иванов", language: "RU", timeZone: "Europe/Moscow" },
  { name: "Анна Смирнова", language: "RU", timeZone: "Europe/Moscow" },
  { name: "Дмитрий Кузнецов", language: "RU", timeZone: "Asia/Novosibirsk" },
  { name: "Ольга Петрова", language: "RU", timeZone: "Europe/Moscow" },
  { name: "Сергей Волков", language: "RU", timeZone: "Asia/Yekaterinburg" },
  { name: "Мария Соколова", language: "RU", timeZone: "Europe/Berlin" },
  { name: "Алексей Морозов", language: "RU", timeZone: "Asia/Vladivostok" },
  { name: "Екатерина Лебедева", language: "RU", timeZone: "Europe/Moscow" },
  { name: "Иван Попов", language: "RU", timeZone: "Europe/Kaliningrad" },
  { name: "Наталья Козлова", language: "RU", timeZone: "Asia/Novosibirsk" },
  { name: "Артём Новиков", language: "RU", timeZone: "UTC" },
  { name: "Юлия Фёдорова", language: "RU", timeZone: "Europe/Moscow" },
  { name: "Айгерим Нурланова", language: "RU", timeZone: "Asia/Almaty" },
  { name: "Giorgi Beridze", language: "RU", timeZone: "Asia/Tbilisi" },
  { name: "Фёдор Ёлкин", language: "RU", timeZone: "Asia/Omsk" },
  { name: "Emily Carter", language: "EN", timeZone: "America/New_York" },
  { name: "James O'Connor", language: "EN", timeZone: "Europe/Dublin" },
  { name: "Sophie Müller", language: "EN", timeZone: "Europe/Berlin" },
  { name: "Hiroshi Tanaka", language: "EN", timeZone: "Asia/Tokyo" },
  { name: "Priya Sharma", language: "EN", timeZone: "Asia/Kolkata" },
  { name: "Carlos Mendoza", language: "EN", timeZone: "America/Mexico_City" },
  { name: "Olivia Brown", language: "EN", timeZone: "Australia/Sydney" },
  { name: "Liam Walker", language: "EN", timeZone: "America/Los_Angeles" },
  { name: "Chen Wei", language: "EN", timeZone: "Asia/Shanghai" },
  { name: "Fatima Al-Sayed", language: "EN", timeZone: "Asia/Dubai" },
  { name: "Noah Thompson", language: "EN", timeZone: "America/Chicago" },
  { name: "Zoë Dubois", language: "EN", timeZone: "Europe/Paris" },
  { name: "Lucas Silva", language: "EN", timeZone: "America/Sao_Paulo" },
  { name: "Kemal Yıldız", language: "EN", timeZone: "Europe/Istanbul" },
  { name: "Aroha Ngata", language: "EN", timeZone: "Pacific/Auckland" },
  { name: "Ethan Clarke", language: "EN", timeZone: "UTC" },
];

// ---------------------------------------------------------------------------
// Time-zone helpers (Intl only, no dependencies)
// ---------------------------------------------------------------------------

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = wallClockFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClockFormatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of instant `at` as seen in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const parts = dateFormatter(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Offset of `timeZone` from UTC at instant `epochMs`, in milliseconds (east positive). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(epochMs));
  const num = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const wall = Date.UTC(num("year"), num("month") - 1, num("day"), num("hour"), num("minute"), num("second"));
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wall - whole;
}

/** The instant at which the wall clock in `timeZone` shows the given local date and time. */
function zonedTime(day: CalendarDay, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(day.y, day.m - 1, day.d, hour, minute);
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

interface CalendarDay {
  y: number;
  m: number;
  d: number;
}

/** The local calendar day `daysAgo` days before the local "today" of `now` in `timeZone`. */
function localDayBefore(now: Date, timeZone: string, daysAgo: number): CalendarDay {
  const [y = 1970, m = 1, d = 1] = localDate(now, timeZone).split("-").map(Number);
  const shifted = new Date(Date.UTC(y, m - 1, d - daysAgo));
  return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate() };
}

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/** FNV-1a, 32 bit. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randInt(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const x = a[i] as T;
    a[i] = a[j] as T;
    a[j] = x;
  }
  return a;
}

// ---------------------------------------------------------------------------
// Award history plan
// ---------------------------------------------------------------------------

/** Earliest day (counted back from the user's local "today") used by the history: 8 weeks. */
const HISTORY_DAYS = 56;

/** Achievements nobody has earned in the demo: the legends stay legendary. */
const UNEARNED = new Set(["streak-365", "completionist", "meta-bug"]);
/** Big-ticket achievements reserved for the hand-written leaders. */
const RESERVED = new Set(["streak-100", "five-courses", "ten-bugs", "hardcore", "fifty-answers"]);

/** Incremental and hidden achievements are earned by progress in the demo, not by the award history. */
const allKeys = (): string[] => demoAchievements.filter((a) => !a.steps && !a.hidden).map((a) => a.key);
const earnable = (): string[] => allKeys().filter((k) => !UNEARNED.has(k));
/** Every earnable achievement except the given ones. */
const allExcept = (...keys: string[]): string[] => earnable().filter((k) => !keys.includes(k));

type Schedule =
  /** Awards on random local days (never six days in a row), at daytime hours. */
  | { kind: "scattered" }
  /** One award per local day for `length` days ending `endDaysAgo` days before local today, at mid-day; the rest scattered earlier. */
  | { kind: "streak"; length: number; endDaysAgo: number }
  /**
   * Like "streak", but alternating 00:xx and 23:xx local time: consecutive in the user's
   * zone, full of gaps in UTC (for a zone west of Greenwich).
   */
  | { kind: "midnight-streak"; length: number; endDaysAgo: number }
  /**
   * The mirror image: `length` consecutive UTC days whose local dates (east of Greenwich)
   * skip every other day. A service that counts streaks in UTC gets this user wrong.
   */
  | { kind: "utc-only-streak"; length: number; endDaysAgo: number };

interface HistoryPlan {
  user: string;
  /** Explicit achievement keys, or a count to draw from the common pool. */
  achievements: readonly string[] | number;
  schedule: Schedule;
}

const PLANS: readonly HistoryPlan[] = [
  // 21-day streak; tied for the most achievements.
  {
    user: "Дмитрий Кузнецов",
    achievements: allExcept("streak-100", "five-courses", "ten-bugs", "hardcore", "fifty-answers", "tldr", "mute-all", "dark-mode"),
    schedule: { kind: "streak", length: 21, endDaysAgo: 3 },
  },
  // Tied with Дмитрий for the most achievements.
  {
    user: "Sophie Müller",
    achievements: allExcept(
      "streak-100",
      "five-courses",
      "hardcore",
      "new-year-night",
      "streak-30",
      "git-gud",
      "speedrun",
      "lunch-and-learn",
    ),
    schedule: { kind: "scattered" },
  },
  // Tied for the most points; Hiroshi also keeps an 8-day streak.
  {
    user: "Hiroshi Tanaka",
    // 1000 + 1000 + 500 + 250 + 150 + 100 + 333 = 3333
    achievements: [
      "five-courses",
      "streak-100",
      "hardcore",
      "hundred-lessons",
      "git-gud",
      "course-complete",
      "hello-world",
      "first-lesson",
      "ten-lessons",
      "streak-3",
      "streak-7",
      "perfect-quiz",
      "speedrun",
      "early-bird",
      "binge-learner",
      "easter-egg",
      "avatar",
      "polyglot",
      "tldr",
    ],
    schedule: { kind: "streak", length: 8, endDaysAgo: 20 },
  },
  {
    user: "Екатерина Лебедева",
    // 1000 + 1000 + 500 + 300 + 200 + 100 + 233 = 3333
    achievements: [
      "five-courses",
      "streak-100",
      "ten-bugs",
      "fifty-answers",
      "streak-30",
      "new-year-night",
      "hello-world",
      "first-lesson",
      "helping-hand",
      "crowd-favourite",
      "first-bug",
      "first-question",
      "critic",
      "bookworm",
      "profile-complete",
      "first-mistake",
      "polyglot",
    ],
    schedule: { kind: "scattered" },
  },
  // Ongoing 14-day streak up to yesterday.
  { user: "Пётр Иванов", achievements: 22, schedule: { kind: "streak", length: 14, endDaysAgo: 1 } },
  { user: "Emily Carter", achievements: 15, schedule: { kind: "streak", length: 10, endDaysAgo: 9 } },
  { user: "Olivia Brown", achievements: 9, schedule: { kind: "streak", length: 7, endDaysAgo: 5 } },
  // Studies around midnight: a 7-day streak in Los Angeles time, none in UTC.
  {
    user: "Liam Walker",
    achievements: [
      "hello-world",
      "first-lesson",
      "night-owl",
      "dark-mode",
      "streak-3",
      "streak-7",
      "tldr",
      "speedrun",
      "rage-quit-return",
      "happy-accident",
      "deadline-surfer",
    ],
    schedule: { kind: "midnight-streak", length: 7, endDaysAgo: 12 },
  },
  // Seven consecutive UTC days, but no streak at all in Novosibirsk time.
  {
    user: "Наталья Козлова",
    achievements: [
      "hello-world",
      "first-lesson",
      "night-owl",
      "early-bird",
      "dark-mode",
      "streak-3",
      "perfect-quiz",
      "first-question",
      "helping-hand",
      "new-year-night",
    ],
    schedule: { kind: "utc-only-streak", length: 7, endDaysAgo: 4 },
  },
  // So close: six days in a row.
  { user: "Ethan Clarke", achievements: 10, schedule: { kind: "streak", length: 6, endDaysAgo: 2 } },
  // Exactly equal points.
  {
    user: "Ольга Петрова",
    // 100 + 50 + 50 + 45 + 5 = 250
    achievements: ["course-complete", "streak-7", "first-bug", "bookworm", "first-lesson"],
    schedule: { kind: "scattered" },
  },
  {
    user: "James O'Connor",
    // 77 + 75 + 60 + 20 + 15 + 3 = 250
    achievements: ["easter-egg", "crowd-favourite", "binge-learner", "helping-hand", "ten-lessons", "dark-mode"],
    schedule: { kind: "scattered" },
  },
  // Exactly one point apart.
  {
    user: "Сергей Волков",
    // 150 + 40 + 35 + 31 + 5 + 1 = 262
    achievements: ["git-gud", "perfect-quiz", "third-time-lucky", "pi-day", "first-lesson", "hello-world"],
    schedule: { kind: "scattered" },
  },
  {
    user: "Priya Sharma",
    // 100 + 50 + 50 + 30 + 30 + 1 = 261
    achievements: ["course-complete", "plus-one", "first-bug", "speedrun", "birthday", "hello-world"],
    schedule: { kind: "scattered" },
  },
  // Ordinary histories.
  { user: "Анна Смирнова", achievements: 18, schedule: { kind: "scattered" } },
  { user: "Мария Соколова", achievements: 7, schedule: { kind: "scattered" } },
  { user: "Алексей Морозов", achievements: 12, schedule: { kind: "scattered" } },
  { user: "Иван Попов", achievements: 3, schedule: { kind: "scattered" } },
  { user: "Артём Новиков", achievements: 1, schedule: { kind: "scattered" } },
  { user: "Айгерим Нурланова", achievements: 16, schedule: { kind: "scattered" } },
  { user: "Giorgi Beridze", achievements: 5, schedule: { kind: "scattered" } },
  { user: "Фёдор Ёлкин", achievements: 9, schedule: { kind: "scattered" } },
  { user: "Carlos Mendoza", achievements: 13, schedule: { kind: "scattered" } },
  { user: "Chen Wei", achievements: 20, schedule: { kind: "scattered" } },
  { user: "Fatima Al-Sayed", achievements: 8, schedule: { kind: "scattered" } },
  { user: "Noah Thompson", achievements: 4, schedule: { kind: "scattered" } },
  { user: "Lucas Silva", achievements: 2, schedule: { kind: "scattered" } },
  { user: "Kemal Yıldız", achievements: 14, schedule: { kind: "scattered" } },
  // "Юлия Фёдорова", "Zoë Dubois" and "Aroha Ngata" have no awards yet.
];

/** Pool for generated histories: everything earnable except the big-ticket items. */
const commonPool = (): string[] => earnable().filter((k) => !RESERVED.has(k));

/** The achievements a plan awards, in chronological order (onboarding ones first). */
function planAchievements(plan: HistoryPlan): string[] {
  const keys =
    typeof plan.achievements === "number"
      ? shuffled(commonPool(), prng(hashString(`set:${plan.user}`))).slice(0, plan.achievements)
      : [...plan.achievements];
  const onboarding = ["hello-world", "first-lesson"];
  const first = onboarding.filter((k) => keys.includes(k));
  const rest = shuffled(
    keys.filter((k) => !onboarding.includes(k)),
    prng(hashString(`order:${plan.user}`)),
  );
  return [...first, ...rest];
}

interface Slot {
  daysAgo: number;
  hour: number;
  minute: number;
}

/**
 * `count` local days in [from, to] days ago, oldest first, never six in a row: every day with
 * `daysAgo % 6 === gapPhase` is skipped. If there are fewer days than awards, days are reused.
 */
function scatteredDays(count: number, from: number, to: number, rnd: () => number): number[] {
  const gapPhase = randInt(rnd, 0, 5);
  const candidates: number[] = [];
  for (let k = from; k <= to; k++) if (k % 6 !== gapPhase) candidates.push(k);
  const order = shuffled(candidates, rnd);
  const days: number[] = [];
  for (let i = 0; i < count && order.length > 0; i++) days.push(order[i % order.length] as number);
  return days.sort((a, b) => b - a);
}

function daytime(rnd: () => number, daysAgo: number): Slot {
  return { daysAgo, hour: randInt(rnd, 9, 21), minute: randInt(rnd, 0, 59) };
}

function planSlots(plan: HistoryPlan, count: number): Slot[] {
  const rnd = prng(hashString(`time:${plan.user}`));
  const s = plan.schedule;
  if (s.kind === "scattered") {
    return scatteredDays(count, 1, HISTORY_DAYS, rnd).map((k) => daytime(rnd, k));
  }
  const core: Slot[] = [];
  if (s.kind === "streak") {
    for (let i = s.length - 1; i >= 0; i--) {
      core.push({ daysAgo: s.endDaysAgo + i, hour: randInt(rnd, 11, 14), minute: randInt(rnd, 0, 59) });
    }
  } else if (s.kind === "midnight-streak") {
    for (let i = 0; i < s.length; i++) {
      const daysAgo = s.endDaysAgo + s.length - 1 - i;
      core.push(i % 2 === 0 ? { daysAgo, hour: 0, minute: randInt(rnd, 5, 40) } : { daysAgo, hour: 23, minute: randInt(rnd, 20, 55) });
    }
  } else {
    // Local days L0, L2, L2, L4, L4, ... at 23:xx / 00:xx: consecutive UTC days east of Greenwich.
    const firstDaysAgo = s.endDaysAgo + 2 * Math.floor((s.length - 1) / 2);
    for (let i = 0; i < s.length; i++) {
      core.push(
        i % 2 === 0
          ? { daysAgo: firstDaysAgo - i, hour: 23, minute: randInt(rnd, 20, 50) }
          : { daysAgo: firstDaysAgo - i - 1, hour: 0, minute: randInt(rnd, 10, 40) },
      );
    }
  }
  const coreCount = Math.min(count, core.length);
  // Extra awards go before the streak, leaving a one-day gap so the streak keeps its length.
  const earliest = Math.max(...core.map((c) => c.daysAgo));
  const extra = scatteredDays(count - coreCount, earliest + 2, HISTORY_DAYS, rnd).map((k) => daytime(rnd, k));
  return [...extra, ...core.slice(0, coreCount)];
}

/**
 * The demo award history: about eight weeks of activity ending shortly before `now`.
 * Deterministic: the same `now` always yields the same awards, and which user holds which
 * achievement (hence every count, points total, tie and streak) does not depend on `now` at all.
 */
export function demoAwards(now: Date): DemoAward[] {
  const zones = new Map(demoUsers.map((u) => [u.name, u.timeZone]));
  const awards: DemoAward[] = [];
  for (const plan of PLANS) {
    const timeZone = zones.get(plan.user);
    if (timeZone === undefined) throw new Error(`demo plan for unknown user ${plan.user}`);
    const keys = planAchievements(plan);
    const slots = planSlots(plan, keys.length);
    keys.forEach((achievement, i) => {
      const slot = slots[i];
      if (slot === undefined) throw new Error(`no time slot for ${plan.user}/${achievement}`);
      const day = localDayBefore(now, timeZone, slot.daysAgo);
      awards.push({ user: plan.user, achievement, awardedAt: zonedTime(day, slot.hour, slot.minute, timeZone) });
    });
  }
  return awards.sort(
    (a, b) => a.awardedAt.getTime() - b.awardedAt.getTime() || a.user.localeCompare(b.user) || a.achievement.localeCompare(b.achievement),
  );
}

// ---------------------------------------------------------------------------
// A revoked award
// ---------------------------------------------------------------------------

export interface DemoRevocation extends DemoAward {
  revokedAt: Date;
  /** Written by the operator who revoked it: one string, in the team's working language. */
  reason: string;
  /** Name of the key that revoked it. */
  revokedBy: string;
}

/**
 * One award given by mistake and taken back the next day, so the console shows a revoked award
 * with its reason. Emily Carter is given an achievement she does not otherwise hold: her held
 * awards, and every statistic, stay those of `demoAwards`.
 */
export function demoRevocations(now: Date): DemoRevocation[] {
  const user = "Emily Carter";
  const held = new Set(
    demoAwards(now)
      .filter((a) => a.user === user)
      .map((a) => a.achievement),
  );
  const achievement = [...demoAchievements].sort((a, b) => b.points - a.points).find((a) => !held.has(a.key));
  if (!achievement) return [];
  const day = 24 * 60 * 60 * 1000;
  return [
    {
      user,
      achievement: achievement.key,
      awardedAt: new Date(now.getTime() - 10 * day),
      revokedAt: new Date(now.getTime() - 9 * day),
      reason: "Given by mistake: the tournament result was corrected after the replay review.",
      revokedBy: "demo-admin",
    },
  ];
}

/** Users part-way through the incremental achievements, each advanced some hours before `now`. */
const PROGRESS: readonly { user: string; achievement: string; current: number; hoursAgo: number }[] = [
  { user: "Пётр Иванов", achievement: "fueled-by-coffee", current: 37, hoursAgo: 2 },
  { user: "Пётр Иванов", achievement: "page-turner", current: 12, hoursAgo: 30 },
  { user: "Анна Смирнова", achievement: "typo-hunter", current: 19, hoursAgo: 5 },
  { user: "Дмитрий Кузнецов", achievement: "typo-hunter", current: 11, hoursAgo: 4 },
  { user: "Дмитрий Кузнецов", achievement: "fueled-by-coffee", current: 64, hoursAgo: 26 },
  { user: "Emily Carter", achievement: "fueled-by-coffee", current: 88, hoursAgo: 1 },
  { user: "Emily Carter", achievement: "typo-hunter", current: 3, hoursAgo: 50 },
  { user: "Hiroshi Tanaka", achievement: "page-turner", current: 49, hoursAgo: 7 },
  { user: "Sophie Müller", achievement: "fueled-by-coffee", current: 5, hoursAgo: 80 },
];

export function demoProgress(now: Date): DemoProgress[] {
  return PROGRESS.map((p) => ({
    user: p.user,
    achievement: p.achievement,
    current: p.current,
    updatedAt: new Date(now.getTime() - p.hoursAgo * 3_600_000),
  }));
}
