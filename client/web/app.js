// Kring participant page. Plain JS, no framework, no external resources.
// Protocol: docs/protocol.md (version 1). All participant and content text is inserted
// with textContent, never as markup.
'use strict';

(function () {
  const PROTOCOL_VERSION = 1;
  const COMMENT_MAX = 500;
  const COMMENT_DEBOUNCE_MS = 600;
  const BACKOFF_START_MS = 500;
  const BACKOFF_CAP_MS = 10000;
  const JOIN_TIMEOUT_MS = 8000;     // no welcome in time: the socket is treated as dead
  const ACK_TIMEOUT_MS = 10000;     // an answer without ack in time: reconnect and resend
  const PING_TIMEOUT_MS = 5000;     // after waking up: a sync must be answered in time
  const PENDING_MAX_AGE_MS = 6 * 3600 * 1000;
  const FOLLOW_NOTICE_MS = 10000;   // how long "the facilitator brings everyone to …" stays

  // ---------------------------------------------------------------- UI strings
  const STRINGS = {
    nl: {
      docTitle: 'Kring – meedoen',
      langLabel: 'Taal',
      joinTitle: 'Doe mee met de sessie',
      codeLabel: 'Code van het scherm',
      nameLabel: 'Je naam (niet verplicht)',
      nameHint: 'Je antwoorden worden nooit met je naam getoond.',
      joinButton: 'Meedoen',
      joining: 'Verbinden…',
      noticeTitle: 'Goed om te weten',
      noticeWhat: 'Samen kijken we hoe jullie werking loopt. Bij elke vraag zeg je hoe jij het ziet.',
      noticeAnonT: 'Anoniem',
      noticeAnon: 'Niemand ziet wat jij antwoordt. De groep ziet alleen de totalen.',
      noticeAnonK: 'Niemand ziet wat jij antwoordt. De groep ziet alleen de totalen, en pas vanaf {k} antwoorden.',
      noticeVolT: 'Vrijwillig',
      noticeVol: 'Je hoeft niets te beantwoorden. Bij elke vraag kun je overslaan.',
      noticeStoreT: 'Wat wordt bewaard?',
      noticeStore: 'Alleen je antwoorden, anoniem. Je naam is niet nodig.',
      noticeKeepT: 'Hoe lang?',
      noticeKeepDays: 'Je antwoorden worden {n} dagen bewaard. Daarna worden ze gewist.',
      noticeKeepDay: 'Je antwoorden worden 1 dag bewaard. Daarna worden ze gewist.',
      noticeKeepForever: 'Je antwoorden worden bewaard tot de begeleider de sessie verwijdert.',
      noticeKeepUnknown: 'Vraag de begeleider hoe lang de antwoorden bewaard worden.',
      noticeMore: 'Meer uitleg',
      noticeThreshold: 'Kleine groepen: een resultaat verschijnt pas vanaf {k} antwoorden. Zo kan niemand raden wie wat antwoordde.',
      noticeName: 'Vul je een naam in, dan ziet alleen de begeleider die, in de lijst van toestellen. Nooit bij je antwoorden.',
      noticeChange: 'Zolang een vraag open is, kun je je antwoord veranderen. Je laatste antwoord telt.',
      noticeReport: 'De begeleider kan een verslag maken. Daarin staan alleen totalen en teksten, zonder namen.',
      noticeWhere: 'Alles staat op de server van de begeleider.',
      codeMissing: 'Vul de code in die op het scherm staat.',
      connectRetry: 'Nog geen verbinding. We proberen het opnieuw…',
      reconnecting: 'Verbinding herstellen…',
      waitingTitle: 'Wacht even, de begeleider start zo.',
      waitingSub: 'Je mag dit scherm open laten staan.',
      elsewhereTitle: 'Kijk mee op het grote scherm.',
      elsewhereSub: 'Voor deze stap hoef je hier niets te doen.',
      closedTitle: 'Antwoorden zijn gesloten. Wacht op de resultaten.',
      closedSub: 'Bedankt voor je antwoorden.',
      progress: '{n} van {total} beantwoord',
      itemOf: 'Vraag {n} van {total}',
      green: 'Loopt goed',
      orange: 'Kan sterker',
      red: 'Werkpunt',
      pass: 'Sla over',
      passCount: 'Overgeslagen',
      commentAdd: '+ opmerking',
      commentHide: '− opmerking',
      commentLabel: 'Opmerking (niet verplicht)',
      commentHint: 'Schrijf geen namen of persoonlijke gegevens.',
      commentNeedsChoice: 'Kies ook een antwoord, dan bewaren we je opmerking.',
      saved: 'bewaard ✓',
      saving: 'bewaren…',
      waitingConn: 'nog niet bewaard',
      notSaved: 'niet bewaard',
      resultsTitle: 'Resultaat',
      resultsTotal: '{n} deelnemers gaven antwoord',
      resultsTotalOne: '1 deelnemer gaf antwoord',
      resultsOrder: 'Waar het meeste verschil is, staat bovenaan.',
      noAnswers: 'Geen antwoorden',
      allPassed: 'Alleen overgeslagen',
      choiceGroup: 'Jouw antwoord',
      // activity kinds
      optionsComing: 'De keuzes komen zo op je scherm.',
      yourChoice: 'Jouw keuze',
      statusChoose: 'Kies een antwoord',
      statusChosen: 'Gekozen',
      statusPassed: 'Overgeslagen',
      whyLabel: 'Waarom? (niet verplicht)',
      whyNeedsImage: 'Kies ook een beeld, dan bewaren we je uitleg.',
      whyTitle: 'Waarom? (anoniem)',
      pickOne: 'Tik op het beeld dat het best past. Je kunt van keuze veranderen.',
      pickUpTo: 'Tik op de beelden die het best passen: je kiest er maximaal {n}.',
      imagesLabel: 'Beelden',
      picked1: 'gekozen',
      pickedCount: '{n} van {max} gekozen',
      pickTooMany: 'Je kunt er maximaal {n} kiezen. Tik eerst op een gekozen beeld om het weg te halen.',
      pickKeepOne: 'Kies eerst een ander beeld, of tik op ‘Sla over’.',
      textOne: 'Schrijf één korte zin.',
      textUpTo: 'Schrijf tot {n} korte zinnen, elk in een eigen vak.',
      noNamesHint: 'Schrijf geen namen of persoonlijke gegevens.',
      entryN: 'Zin {n}',
      textsFilled: '{n} van {max} ingevuld',
      dotsIntro: 'Je hebt {n} stippen. Geef ze aan wat voor jou het belangrijkst is.',
      dotsMaxPer: 'Hoogstens {n} per keuze.',
      dotAdd: 'Stip erbij',
      dotRemove: 'Stip eraf',
      dotOne: '1 stip',
      dotMany: '{n} stippen',
      dotsLeft: 'nog {n} stippen',
      dotsLeftOne: 'nog 1 stip',
      dotsDone: 'alle stippen verdeeld',
      invPrivacy: 'Het gaat over aanbod, niet over personen: schrijf geen namen van ouders of kinderen.',
      invName: 'Naam van het aanbod',
      invKind: 'Soort aanbod',
      invPlace: 'Waar? (plaats of wijk)',
      invFamilies: 'Welke gezinnen bereikt het?',
      invGoals: 'Doelstellingen',
      invAddTitle: 'Aanbod toevoegen',
      invEditTitle: 'Aanbod aanpassen',
      invAdd: 'Toevoegen',
      invListTitle: 'Wat jij toevoegde ({n})',
      invNone: 'Nog niets toegevoegd. Vul hieronder een eerste aanbod in.',
      invCount: '{n} toegevoegd',
      invCountOne: '1 toegevoegd',
      invCountZero: 'nog niets toegevoegd',
      invKindShort: 'Soort',
      invPlaceShort: 'Waar',
      invFamiliesShort: 'Bereikt',
      invGoalsShort: 'Doel',
      chooseKind: 'Kies een soort…',
      needName: 'Vul een naam in.',
      needKind: 'Kies een soort aanbod.',
      needWhat: 'Schrijf wat jullie gaan doen.',
      actWhat: 'Wat gaan we doen?',
      actWho: 'Wie?',
      actWhen: 'Tegen wanneer?',
      actAddTitle: 'Actie toevoegen',
      actEditTitle: 'Actie aanpassen',
      actAdd: 'Toevoegen',
      actListTitle: 'Jouw acties ({n})',
      actNone: 'Nog geen acties. Schrijf hieronder een kleine, haalbare stap.',
      actCount: '{n} acties',
      actCountOne: '1 actie',
      actCountZero: 'nog geen acties',
      actPrivacy: 'Bij ‘wie’ mag een rol of een naam uit het team. Schrijf geen namen van ouders of kinderen.',
      actWhoShort: 'Wie',
      actWhenShort: 'Wanneer',
      saveChange: 'Wijziging bewaren',
      cancel: 'Annuleren',
      edit: 'Aanpassen',
      remove: 'Verwijderen',
      removeSure: 'Zeker? Tik nog eens',
      listFull: 'Je hebt het maximum van {n} bereikt. Pas er een aan of verwijder er een om verder te gaan.',
      median: 'Mediaan',
      readCase: 'Lees de casus nog eens',
      personOne: '1 persoon',
      personMany: '{n} personen',
      mostChosen: 'meest gekozen',
      imagesOrder: 'Het vaakst gekozen beeld staat eerst.',
      chosenOnce: '1 keer gekozen',
      chosenTimes: '{n} keer gekozen',
      reasonsOne: '1 reden lezen',
      reasonsMany: '{n} redenen lezen',
      notChosen: 'Niet gekozen ({n})',
      cloudTitle: 'Woordwolk',
      cloudNote: 'Hoe groter het woord, hoe vaker het geschreven werd.',
      cardsTitle: 'Alle zinnen ({n})',
      timesWritten: '{n} keer',
      votersOne: '1 persoon verdeelde stippen',
      votersMany: '{n} personen verdeelden stippen',
      matrixTitle: 'Welk aanbod bereikt welke gezinnen?',
      gapWord: 'gat',
      gapExplain: '= nog geen aanbod van deze soort voor deze gezinnen. Een getal = hoe vaak het genoemd werd.',
      nobodyReaches: 'Nog door geen enkel aanbod bereikt:',
      kindsMissing: 'Soorten aanbod die niemand noemde:',
      invAllTitle: 'Al het aanbod ({n})',
      actAllTitle: 'Alle acties ({n})',
      summaryTitle: 'Samenvatting van de reflectie',
      summaryIntro: 'Per thema: de kleuren van alle antwoorden, wat dat betekent en welke bouwsteen volgt.',
      verdict_solid: 'Stevig: jullie kunnen de volgende bouwsteen nemen.',
      verdict_work_first: 'Eerst werken aan de rode vragen van dit thema.',
      verdict_mixed: 'Gemengd: bespreek samen wat sterker kan.',
      nextBlock: 'Volgende bouwsteen:',
      nextBlocks: 'Volgende bouwstenen:',
      leave: 'Sessie verlaten',
      // running the room
      timerLabel: 'Tijd',
      timeUp: 'Tijd is om',
      timerMinutes: 'Nog {n} minuten',
      timerMinute: 'Nog 1 minuut',
      timerSeconds: 'Nog {n} seconden',
      pauseTitle: 'Even pauze',
      pauseSub: 'De begeleider zette de sessie even stil. Je antwoorden blijven bewaard. Straks gaan we verder.',
      removedTitle: 'Je doet niet meer mee aan deze sessie.',
      removedSub: 'De begeleider haalde dit toestel uit de sessie. Heb je een vraag? Spreek de begeleider aan.',
      listTitle: 'Kies een stap',
      listSub: 'Je mag zelf kiezen waar je aan werkt.',
      listNow: 'nu op het scherm',
      listEmpty: 'Er staan nu geen vragen open.',
      listBack: '\u2190 Alle open stappen',
      broughtHere: 'De begeleider brengt iedereen naar: {title}',
      liveTitle: 'Tussenstand',
      liveNote: 'Dit verandert nog zolang de vraag open is.',
      withheldTitle: 'Nog te weinig antwoorden om te tonen',
      withheldSub: 'Een resultaat verschijnt vanaf {k} antwoorden.',
      lockedBadge: 'afgesloten',
      lockedTitle: 'Deze stap is afgesloten.',
      lockedSub: 'Antwoorden kan niet meer. Bedankt voor je antwoorden.',
      paperOne: '1 antwoord op papier meegeteld',
      paperMany: '{n} antwoorden op papier meegeteld',
      errors: {
        unknown_session: 'Deze code bestaat niet. Kijk nog eens naar het scherm.',
        paused: 'Even pauze: dit antwoord is niet verstuurd. Kies het na de pauze opnieuw.',
        removed: 'Dit toestel doet niet meer mee aan de sessie.',
        step_not_open: 'Deze vragen zijn niet meer open. Je antwoord is niet bewaard.',
        text_too_long: 'Je tekst is te lang. Maak hem wat korter.',
        bad_value: 'Dit antwoord kon niet bewaard worden. Kijk het nog eens na.',
        unknown_item: 'Deze vraag bestaat niet meer. Laad de pagina opnieuw.',
        unknown_step: 'Deze stap bestaat niet meer. Laad de pagina opnieuw.',
        rate_limited: 'Even rustig aan: we bewaren je antwoord zo meteen.',
        room_full: 'De sessie is vol. Vraag de begeleider wat je kunt doen.',
        store_unavailable: 'De server kan nu even niets bewaren. We proberen het opnieuw.',
        unsupported_version: 'Deze pagina is verouderd. Laad de pagina opnieuw.',
        generic: 'Er ging iets mis. Probeer het nog eens.'
      }
    },
    en: {
      docTitle: 'Kring – join',
      langLabel: 'Language',
      joinTitle: 'Join the session',
      codeLabel: 'Code from the screen',
      nameLabel: 'Your name (optional)',
      nameHint: 'Your answers are never shown with your name.',
      joinButton: 'Join',
      joining: 'Connecting…',
      noticeTitle: 'Good to know',
      noticeWhat: 'Together we look at how your work is going. For each question you say how you see it.',
      noticeAnonT: 'Anonymous',
      noticeAnon: 'Nobody sees what you answer. The room only sees the totals.',
      noticeAnonK: 'Nobody sees what you answer. The room only sees the totals, and only from {k} answers on.',
      noticeVolT: 'Voluntary',
      noticeVol: 'You don\u2019t have to answer anything. You can pass on any question.',
      noticeStoreT: 'What is stored?',
      noticeStore: 'Only your answers, anonymously. Your name is not needed.',
      noticeKeepT: 'For how long?',
      noticeKeepDays: 'Your answers are kept for {n} days. After that they are deleted.',
      noticeKeepDay: 'Your answers are kept for 1 day. After that they are deleted.',
      noticeKeepForever: 'Your answers are kept until the facilitator deletes the session.',
      noticeKeepUnknown: 'Ask the facilitator how long the answers are kept.',
      noticeMore: 'More details',
      noticeThreshold: 'Small groups: a result is only shown from {k} answers on. That way nobody can guess who answered what.',
      noticeName: 'If you fill in a name, only the facilitator sees it, in the list of devices. Never with your answers.',
      noticeChange: 'As long as a question is open, you can change your answer. Your last answer counts.',
      noticeReport: 'The facilitator can make a report. It only holds totals and texts, without names.',
      noticeWhere: 'Everything is kept on the facilitator\u2019s server.',
      codeMissing: 'Type the code that is shown on the screen.',
      connectRetry: 'No connection yet. Trying again…',
      reconnecting: 'Reconnecting…',
      waitingTitle: 'Please wait, the facilitator will start soon.',
      waitingSub: 'You can leave this screen open.',
      elsewhereTitle: 'Follow along on the big screen.',
      elsewhereSub: 'There is nothing to do here for this step.',
      closedTitle: 'Answers are closed. Wait for the results.',
      closedSub: 'Thank you for your answers.',
      progress: '{n} of {total} answered',
      itemOf: 'Question {n} of {total}',
      green: 'Going well',
      orange: 'Could be stronger',
      red: 'Needs work',
      pass: 'Pass',
      passCount: 'Passed',
      commentAdd: '+ comment',
      commentHide: '− comment',
      commentLabel: 'Comment (optional)',
      commentHint: 'Don\u2019t write names or personal details.',
      commentNeedsChoice: 'Choose an answer too, then we save your comment.',
      saved: 'saved ✓',
      saving: 'saving…',
      waitingConn: 'not saved yet',
      notSaved: 'not saved',
      resultsTitle: 'Result',
      resultsTotal: '{n} participants answered',
      resultsTotalOne: '1 participant answered',
      resultsOrder: 'Most disagreement first.',
      noAnswers: 'No answers',
      allPassed: 'Only passes',
      choiceGroup: 'Your answer',
      // activity kinds
      optionsComing: 'The options will appear on your screen in a moment.',
      yourChoice: 'Your choice',
      statusChoose: 'Choose an answer',
      statusChosen: 'Chosen',
      statusPassed: 'Passed',
      whyLabel: 'Why? (optional)',
      whyNeedsImage: 'Choose a picture too, then we save your explanation.',
      whyTitle: 'Why? (anonymous)',
      pickOne: 'Tap the picture that fits best. You can change your choice.',
      pickUpTo: 'Tap the pictures that fit best: you choose at most {n}.',
      imagesLabel: 'Pictures',
      picked1: 'chosen',
      pickedCount: '{n} of {max} chosen',
      pickTooMany: 'You can choose at most {n}. Tap a chosen picture first to remove it.',
      pickKeepOne: 'Choose another picture first, or tap ‘Pass’.',
      textOne: 'Write one short sentence.',
      textUpTo: 'Write up to {n} short sentences, each in its own box.',
      noNamesHint: 'Don\u2019t write names or personal details.',
      entryN: 'Sentence {n}',
      textsFilled: '{n} of {max} filled in',
      dotsIntro: 'You have {n} dots. Give them to what matters most to you.',
      dotsMaxPer: 'At most {n} per option.',
      dotAdd: 'Add a dot',
      dotRemove: 'Remove a dot',
      dotOne: '1 dot',
      dotMany: '{n} dots',
      dotsLeft: '{n} dots left',
      dotsLeftOne: '1 dot left',
      dotsDone: 'all dots placed',
      invPrivacy: 'This is about provision, not about people: don\u2019t write names of parents or children.',
      invName: 'Name of the provision',
      invKind: 'Kind of provision',
      invPlace: 'Where? (place or neighbourhood)',
      invFamilies: 'Which families does it reach?',
      invGoals: 'Goals',
      invAddTitle: 'Add provision',
      invEditTitle: 'Change provision',
      invAdd: 'Add',
      invListTitle: 'What you added ({n})',
      invNone: 'Nothing added yet. Fill in a first item below.',
      invCount: '{n} added',
      invCountOne: '1 added',
      invCountZero: 'nothing added yet',
      invKindShort: 'Kind',
      invPlaceShort: 'Where',
      invFamiliesShort: 'Reaches',
      invGoalsShort: 'Goal',
      chooseKind: 'Choose a kind…',
      needName: 'Fill in a name.',
      needKind: 'Choose a kind of provision.',
      needWhat: 'Write what you are going to do.',
      actWhat: 'What are we going to do?',
      actWho: 'Who?',
      actWhen: 'By when?',
      actAddTitle: 'Add an action',
      actEditTitle: 'Change the action',
      actAdd: 'Add',
      actListTitle: 'Your actions ({n})',
      actNone: 'No actions yet. Write a small, feasible step below.',
      actCount: '{n} actions',
      actCountOne: '1 action',
      actCountZero: 'no actions yet',
      actPrivacy: 'For ‘who’, a role or a name from the team is fine. Don\u2019t write names of parents or children.',
      actWhoShort: 'Who',
      actWhenShort: 'When',
      saveChange: 'Save the change',
      cancel: 'Cancel',
      edit: 'Change',
      remove: 'Remove',
      removeSure: 'Sure? Tap again',
      listFull: 'You have reached the maximum of {n}. Change or remove one to go on.',
      median: 'Median',
      readCase: 'Read the case again',
      personOne: '1 person',
      personMany: '{n} people',
      mostChosen: 'chosen most',
      imagesOrder: 'The picture chosen most comes first.',
      chosenOnce: 'chosen once',
      chosenTimes: 'chosen {n} times',
      reasonsOne: 'read 1 reason',
      reasonsMany: 'read {n} reasons',
      notChosen: 'Not chosen ({n})',
      cloudTitle: 'Word cloud',
      cloudNote: 'The bigger the word, the more often it was written.',
      cardsTitle: 'All sentences ({n})',
      timesWritten: '{n} times',
      votersOne: '1 person placed dots',
      votersMany: '{n} people placed dots',
      matrixTitle: 'Which provision reaches which families?',
      gapWord: 'gap',
      gapExplain: '= no provision of this kind for these families yet. A number = how often it was named.',
      nobodyReaches: 'Not reached by any provision yet:',
      kindsMissing: 'Kinds of provision nobody named:',
      invAllTitle: 'All provision ({n})',
      actAllTitle: 'All actions ({n})',
      summaryTitle: 'Summary of the reflection',
      summaryIntro: 'Per theme: the colours of all answers, what they mean and which building block comes next.',
      verdict_solid: 'Solid: you can take the next building block.',
      verdict_work_first: 'Work on this theme\u2019s red questions first.',
      verdict_mixed: 'Mixed: discuss together what could be stronger.',
      nextBlock: 'Next building block:',
      nextBlocks: 'Next building blocks:',
      leave: 'Leave session',
      // running the room
      timerLabel: 'Time',
      timeUp: 'Time is up',
      timerMinutes: '{n} minutes left',
      timerMinute: '1 minute left',
      timerSeconds: '{n} seconds left',
      pauseTitle: 'A short break',
      pauseSub: 'The facilitator has paused the session. Your answers are kept. We will go on in a moment.',
      removedTitle: 'You no longer take part in this session.',
      removedSub: 'The facilitator removed this device from the session. Any questions? Please talk to the facilitator.',
      listTitle: 'Choose a step',
      listSub: 'You may choose yourself what to work on.',
      listNow: 'now on the screen',
      listEmpty: 'No questions are open right now.',
      listBack: '\u2190 All open steps',
      broughtHere: 'The facilitator brings everyone to: {title}',
      liveTitle: 'Results so far',
      liveNote: 'This still changes while the question is open.',
      withheldTitle: 'Too few answers to show yet',
      withheldSub: 'A result is shown from {k} answers on.',
      lockedBadge: 'closed',
      lockedTitle: 'This step is closed.',
      lockedSub: 'Answering is no longer possible. Thank you for your answers.',
      paperOne: '1 paper answer counted in',
      paperMany: '{n} paper answers counted in',
      errors: {
        unknown_session: 'This code does not exist. Have another look at the screen.',
        paused: 'A short break: this answer was not sent. Choose it again after the break.',
        removed: 'This device no longer takes part in the session.',
        step_not_open: 'These questions are no longer open. Your answer was not saved.',
        text_too_long: 'Your text is too long. Please make it shorter.',
        bad_value: 'This answer could not be saved. Please check it.',
        unknown_item: 'This question no longer exists. Please reload the page.',
        unknown_step: 'This step no longer exists. Please reload the page.',
        rate_limited: 'Slow down a little: we will save your answer in a moment.',
        room_full: 'The session is full. Ask the facilitator what to do.',
        store_unavailable: 'The server cannot save anything right now. We will try again.',
        unsupported_version: 'This page is out of date. Please reload the page.',
        generic: 'Something went wrong. Please try again.'
      }
    }
  };

  const CHOICES = [
    { value: 'green', icon: '\u25CF' },   // ●
    { value: 'orange', icon: '\u25D0' },  // ◐
    { value: 'red', icon: '\u25B2' },     // ▲
    { value: 'pass', icon: '\u2013' }     // –
  ];
  const ICON = { green: '\u25CF', orange: '\u25D0', red: '\u25B2', pass: '\u2013' };
  // An answer's value: a word ("green", "pass", an option id), a number (scale), an array
  // (image picks, texts, entries) or an object (dots). Checked for shape here, for meaning by the server.
  function validValue(v) {
    if (typeof v === 'string') return v.length > 0 && v.length <= 200;
    if (typeof v === 'number') return Number.isFinite(v);
    if (Array.isArray(v)) return true;
    return !!v && typeof v === 'object';
  }
  const hasValue = (v) => v !== undefined && v !== null && v !== '';
  const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);
  // Kinds whose answer is one value for the whole step (no item), and kinds without a comment.
  const STEP_KINDS = new Set(['choice', 'image_choice', 'open_text', 'dot_vote', 'inventory', 'action_plan']);
  const NO_COMMENT = new Set(['open_text', 'dot_vote', 'inventory', 'action_plan']);

  // ---------------------------------------------------------------- storage
  const store = {
    get(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set(key, v) { try { window.localStorage.setItem(key, v); } catch (e) { /* private mode */ } },
    del(key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };
  const tokenKey = (code) => 'kring.token.' + code;
  const pendingKey = (code) => 'kring.pending.' + code;

  // ---------------------------------------------------------------- state
  const S = {
    lang: (store.get('kring.lang') === 'en') ? 'en' : 'nl',
    code: '',              // normalized join code we are (trying to be) in
    name: '',
    wantJoin: false,       // keep (re)connecting while true
    joined: false,         // welcome received on the current socket
    everJoined: false,     // welcome received at least once for this code
    welcome: null,
    view: null,
    lastRev: -1,
    acceptNextView: false, // the view right after a welcome is a fresh snapshot
    confirmed: new Map(),  // key "step\u0000item" -> {value, comment}: what the server has
    local: new Map(),      // key -> {step,item,value,comment,seq,state:'pending'|'saved'|'error', t}
    seqToKey: new Map(),
    nextSeq: 1,
    joinSeq: 0,
    syncSeq: 0,
    openComments: new Set(),
    commentTimers: new Map(),  // key -> timer of a debounced send (comments, texts, dots)
    drafts: new Map(),         // key -> raw field texts of an open_text step while typing
    forms: new Map(),          // step id -> the add/edit form of inventory / action_plan
    summaryOpen: true,
    itemErrors: new Map(), // item key -> error code of its last refused answer
    joinError: '',         // error code shown on the join screen
    toastCode: '',
    toastTimer: 0,
    renderedKey: '',
    lastSyncForStale: 0,
    clockOffset: 0,        // server clock minus ours, from view.now (for the timer)
    picked: '',            // with follow off: the step this phone chose itself
    health: null,          // /healthz: retention_days and min_answers, for the notice
    announced: { key: '', at: -Infinity, minute: 0, up: false }, // the timer's last spoken announcement
    followNotice: null,    // { step, until }: "the facilitator brings everyone to …"
    followNoticeTimer: 0
  };

  const K = (step, item) => step + '\u0000' + item;

  // ---------------------------------------------------------------- helpers
  function t(key, vars) {
    const dict = STRINGS[S.lang];
    let s = dict[key];
    if (s === undefined) s = STRINGS.nl[key];
    if (s === undefined) s = key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    return s;
  }
  function errText(code) {
    const e = STRINGS[S.lang].errors;
    return e[code] || e.generic;
  }
  function loc(text) {
    if (!text || typeof text !== 'object') return typeof text === 'string' ? text : '';
    return text[S.lang] || text.nl || text.en || '';
  }
  function el(tag, attrs, text) {
    const n = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') n.className = v;
        else if (k === 'hidden') n.hidden = true;
        else n.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function normalizeCode(v) {
    return String(v || '').toUpperCase().replace(/[\s\u00A0-]+/g, '');
  }
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- pending persistence
  function savePending() {
    if (!S.code) return;
    const list = [];
    for (const a of S.local.values()) {
      if (a.state === 'pending' && hasValue(a.value)) {
        list.push({ step: a.step, item: a.item, value: a.value, comment: a.comment || '', t: a.t });
      }
    }
    if (list.length) store.set(pendingKey(S.code), JSON.stringify(list));
    else store.del(pendingKey(S.code));
  }
  function loadPending() {
    const raw = store.get(pendingKey(S.code));
    if (!raw) return;
    let list;
    try { list = JSON.parse(raw); } catch (e) { list = null; }
    if (!Array.isArray(list)) { store.del(pendingKey(S.code)); return; }
    const now = Date.now();
    for (const a of list) {
      if (!a || typeof a.step !== 'string' || typeof a.item !== 'string' || !validValue(a.value)) continue;
      if (typeof a.t !== 'number' || now - a.t > PENDING_MAX_AGE_MS) continue;
      S.local.set(K(a.step, a.item), {
        step: a.step, item: a.item, value: a.value,
        comment: typeof a.comment === 'string' ? a.comment.slice(0, COMMENT_MAX) : '',
        seq: 0, state: 'pending', t: a.t
      });
    }
  }

  // ---------------------------------------------------------------- connection
  let ws = null;
  let attempt = 0;
  let retryTimer = 0;
  let joinTimer = 0;
  let pingTimer = 0;
  let ackTimer = 0;
  let hiddenAt = 0;

  function wsUrl() {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return proto + '//' + window.location.host + '/ws';
  }

  function send(obj) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try { ws.send(JSON.stringify(obj)); return true; } catch (e) { return false; }
  }

  function clearTimers() {
    clearTimeout(retryTimer); retryTimer = 0;
    clearTimeout(joinTimer); joinTimer = 0;
    clearTimeout(pingTimer); pingTimer = 0;
    clearTimeout(ackTimer); ackTimer = 0;
  }

  function dropSocket() {
    const old = ws;
    ws = null;
    S.joined = false;
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      try { old.close(1000); } catch (e) { /* ignore */ }
    }
  }

  function connect() {
    clearTimeout(retryTimer); retryTimer = 0;
    if (!S.wantJoin) return;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    dropSocket();
    let sock;
    try { sock = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    // A connection attempt on weak Wi-Fi can hang for minutes: give up after a while and retry.
    clearTimeout(joinTimer);
    joinTimer = setTimeout(() => { if (ws === sock && !S.joined) lostConnection(); }, JOIN_TIMEOUT_MS);
    sock.onopen = () => {
      if (ws !== sock) return;
      S.joinSeq = S.nextSeq++;
      const msg = { type: 'join', seq: S.joinSeq, protocol_version: PROTOCOL_VERSION,
                    code: S.code, role: 'participant' };
      const token = store.get(tokenKey(S.code));
      if (token) msg.resume_token = token;
      if (S.name) msg.name = S.name;
      send(msg);
      clearTimeout(joinTimer);
      joinTimer = setTimeout(() => { if (ws === sock && !S.joined) lostConnection(); }, JOIN_TIMEOUT_MS);
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      if (typeof ev.data !== 'string') return;
      let data;
      try { data = JSON.parse(ev.data); } catch (e) { return; }
      // One message, or a batch of them (an array, oldest first) that waited together.
      for (const msg of Array.isArray(data) ? data : [data]) {
        if (ws !== sock) return;
        if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') continue;
        handleMessage(msg);
      }
    };
    sock.onclose = () => { if (ws === sock) lostConnection(); };
    sock.onerror = () => { /* onclose follows */ };
  }

  function lostConnection() {
    clearTimers();
    dropSocket();
    // Everything sent but not acked goes back to "waiting": it is resent after rejoining.
    S.seqToKey.clear();
    for (const a of S.local.values()) if (a.state === 'pending') a.seq = 0;
    if (!S.wantJoin) return;
    scheduleReconnect();
    render();
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * Math.pow(2, attempt));
    attempt = Math.min(attempt + 1, 10);
    const delay = base / 2 + Math.random() * base / 2;
    retryTimer = setTimeout(connect, delay);
    updateBanner();
  }

  function reconnectNow() {
    if (!S.wantJoin) return;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    attempt = 0;
    connect();
  }

  function checkAlive() {
    // After the phone slept, an "open" socket may be dead. Ask for a snapshot; no answer: reconnect.
    if (!ws || ws.readyState !== WebSocket.OPEN || !S.joined) { reconnectNow(); return; }
    const sock = ws;
    S.syncSeq = S.nextSeq++;
    send({ type: 'sync', seq: S.syncSeq });
    clearTimeout(pingTimer);
    pingTimer = setTimeout(() => { if (ws === sock) lostConnection(); }, PING_TIMEOUT_MS);
  }

  function armAckTimer() {
    clearTimeout(ackTimer);
    if (S.seqToKey.size === 0) { ackTimer = 0; return; }
    const sock = ws;
    ackTimer = setTimeout(() => { if (ws === sock && S.seqToKey.size > 0) lostConnection(); }, ACK_TIMEOUT_MS);
  }

  function leave() {
    S.wantJoin = false;
    clearTimers();
    dropSocket();
    resetSession();
    try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ }
    showJoin();
  }

  /** Forgets everything of the session on this page (not the stored token). */
  function resetSession() {
    S.joined = false;
    S.everJoined = false;
    S.welcome = null;
    S.view = null;
    S.lastRev = -1;
    S.local.clear();
    S.confirmed.clear();
    S.seqToKey.clear();
    S.openComments.clear();
    S.itemErrors.clear();
    S.drafts.clear();
    S.forms.clear();
    S.picked = '';
    S.followNotice = null;
    stopTimerTick();
  }

  // ---------------------------------------------------------------- messages
  function handleMessage(msg) {
    switch (msg.type) {
      case 'welcome': onWelcome(msg); break;
      case 'view': onView(msg); break;
      case 'mine': onMine(msg); break;
      case 'ack': onAck(msg); break;
      case 'error': onError(msg); break;
      default: break; // unknown messages are ignored
    }
  }

  function onWelcome(msg) {
    if (!msg.session || typeof msg.session !== 'object' || !Array.isArray(msg.session.steps)) return;
    if (msg.role && msg.role !== 'participant') return;
    clearTimeout(joinTimer); joinTimer = 0;
    clearTimeout(pingTimer); pingTimer = 0;
    // The join code names the session (a participant's welcome carries no session id).
    const sameSession = S.welcome && S.welcome.session && S.welcome.session.code === msg.session.code;
    if (!sameSession) { S.lastRev = -1; }
    S.welcome = msg;
    S.joined = true;
    S.everJoined = true;
    S.acceptNextView = true;
    attempt = 0;
    S.joinError = '';
    if (typeof msg.resume_token === 'string' && msg.resume_token) {
      store.set(tokenKey(S.code), msg.resume_token);
    }
    try { sessionStorage.setItem('kring.active', S.code); } catch (e) { /* ignore */ }
    // Keep the code in the address bar, so that a reload comes back to this session.
    try {
      const url = new URL(window.location.href);
      if (url.searchParams.get('code') !== S.code) {
        url.searchParams.set('code', S.code);
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      }
    } catch (e) { /* ignore */ }
    showSession();
    flushPending();
    render();
  }

  function onView(msg) {
    if (typeof msg.rev !== 'number') return;
    if (msg.role && msg.role !== 'participant') return;
    if (!S.acceptNextView && msg.rev < S.lastRev) {
      // Stale: ignore it, and ask for a fresh snapshot (not too often).
      const now = Date.now();
      if (S.joined && now - S.lastSyncForStale > 3000) {
        S.lastSyncForStale = now;
        send({ type: 'sync', seq: S.nextSeq++ });
      }
      return;
    }
    S.acceptNextView = false;
    S.lastRev = msg.rev;
    // The timer counts against the server's clock: phones' clocks are often minutes off.
    if (typeof msg.now === 'number' && Number.isFinite(msg.now)) S.clockOffset = msg.now - Date.now();
    const prev = S.view;
    noteFollowChange(prev, msg);
    S.view = msg;
    render();
    // After a pause, what was typed meanwhile is sent now.
    if (prev && prev.paused && !msg.paused) flushPending();
  }

  /** Follow on: the phone shows the current step. Switched on again (bring_here): a short notice
   *  says where everyone goes. Follow off: the step this phone picked stays, if it exists. */
  function noteFollowChange(prev, next) {
    if (next.follow === false) {
      if (S.picked && !stepById(S.picked)) S.picked = '';
      return;
    }
    S.picked = '';
    if (prev && prev.follow === false && typeof next.current === 'string' && stepById(next.current)) {
      showFollowNotice(next.current);
    }
  }

  function onMine(msg) {
    if (!Array.isArray(msg.answers)) return;
    S.confirmed.clear();
    for (const a of msg.answers) {
      if (!a || typeof a.step !== 'string' || !validValue(a.value)) continue;
      if (a.item !== undefined && typeof a.item !== 'string') continue;
      a.item = a.item || '';
      const key = K(a.step, a.item);
      const comment = typeof a.comment === 'string' ? a.comment : '';
      S.confirmed.set(key, { value: a.value, comment });
      const l = S.local.get(key);
      // A local answer still on its way wins; otherwise the server's answer is the truth.
      if (!l || l.state !== 'pending') {
        S.local.set(key, { step: a.step, item: a.item, value: a.value, comment, seq: 0, state: 'saved', t: Date.now() });
        if (comment) S.openComments.add(key);
        S.drafts.delete(key);
      }
    }
    // Local "saved" entries the server does not know (e.g. another session reset) are dropped.
    for (const [key, l] of S.local) {
      if (l.state === 'saved' && !S.confirmed.has(key)) S.local.delete(key);
    }
    render();
  }

  function onAck(msg) {
    if (msg.seq === S.syncSeq) { clearTimeout(pingTimer); pingTimer = 0; return; }
    const key = S.seqToKey.get(msg.seq);
    if (key === undefined) return;
    S.seqToKey.delete(msg.seq);
    armAckTimer();
    const l = S.local.get(key);
    if (!l || l.seq !== msg.seq) return; // a newer change of this item is on its way
    l.seq = 0;
    if (l.sent) S.confirmed.set(key, l.sent);
    const upToDate = l.sent && same(l.sent.value, l.value) && l.sent.comment === (l.comment || '');
    // Still typing (a debounced comment is waiting): stay "saving…" until that one is acked.
    if (upToDate && !S.commentTimers.has(key)) l.state = 'saved';
    else if (!S.commentTimers.has(key)) { sendAnswer(key); }
    S.itemErrors.delete(key);
    savePending();
    updateOpen();
  }

  function onError(msg) {
    const code = typeof msg.code === 'string' ? msg.code : 'internal';
    // A sync answered by an error still proves the socket is alive.
    if (msg.seq !== undefined && msg.seq === S.syncSeq) { clearTimeout(pingTimer); pingTimer = 0; }

    if (code === 'removed') { onRemoved(); return; }
    const isJoin = (msg.seq !== undefined && msg.seq === S.joinSeq && !S.joined);
    if (code === 'unknown_session' || (isJoin && (code === 'room_full' || code === 'unsupported_version' ||
        code === 'bad_message' || code === 'forbidden'))) {
      const wasCode = S.code;
      S.wantJoin = false;
      clearTimers();
      dropSocket();
      if (code === 'unknown_session') store.del(tokenKey(wasCode));
      S.welcome = null; S.view = null; S.lastRev = -1; S.everJoined = false;
      S.local.clear(); S.confirmed.clear(); S.seqToKey.clear();
      try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ }
      S.joinError = code;
      showJoin();
      return;
    }
    if (code === 'unsupported_version') {
      S.wantJoin = false; clearTimers(); dropSocket(); S.joinError = code; showJoin(); return;
    }
    if (code === 'not_joined') { lostConnection(); return; }
    if (code === 'already_joined') return;

    const key = (msg.seq !== undefined) ? S.seqToKey.get(msg.seq) : undefined;
    if (key !== undefined) {
      S.seqToKey.delete(msg.seq);
      armAckTimer();
      const l = S.local.get(key);
      if (l && l.seq === msg.seq) {
        if (code === 'rate_limited' || code === 'store_unavailable' || code === 'internal') {
          // Nothing changed on the server: keep it pending and try again a bit later.
          l.seq = 0;
          setTimeout(flushPending, code === 'rate_limited' ? 1500 : 3000);
        } else {
          // Refused for good (step_not_open, text_too_long, paused, …): back to what the server
          // has; the item shows "not saved" and can be chosen again.
          const c = S.confirmed.get(key);
          if (c) { l.value = c.value; l.comment = c.comment; l.state = 'saved'; l.seq = 0; }
          else S.local.delete(key);
          S.itemErrors.set(key, code);
        }
        savePending();
      }
    }
    showToast(code);
    updateOpen();
  }

  // ---------------------------------------------------------------- answers
  function stepById(id) {
    if (!S.welcome || !S.welcome.session || !Array.isArray(S.welcome.session.steps)) return null;
    return S.welcome.session.steps.find((s) => s && s.id === id) || null;
  }
  const isPaused = () => !!(S.view && S.view.paused);
  const following = () => !(S.view && S.view.follow === false);
  /** The step this phone shows: the current one while following, else the one it picked. */
  function currentStep() {
    if (!S.welcome || !S.view) return null;
    const id = following() ? S.view.current : S.picked;
    if (!id || typeof id !== 'string') return null;
    return stepById(id);
  }
  function stepState(id) {
    if (!S.view || !Array.isArray(S.view.steps)) return null;
    return S.view.steps.find((s) => s && s.id === id) || null;
  }
  function stepResults(id) {
    if (!S.view || !Array.isArray(S.view.results)) return null;
    return S.view.results.find((r) => r && r.step === id) || null;
  }

  function sendAnswer(key) {
    const l = S.local.get(key);
    if (!l || !hasValue(l.value)) return;
    l.state = 'pending';
    l.t = Date.now();
    // Offline or paused: kept as "not saved yet" and sent after reconnecting or resuming.
    if (!S.joined || !ws || ws.readyState !== WebSocket.OPEN || isPaused()) { l.seq = 0; savePending(); return; }
    const seq = S.nextSeq++;
    if (l.seq) S.seqToKey.delete(l.seq);
    l.seq = seq;
    S.seqToKey.set(seq, key);
    const msg = { type: 'answer', seq, step: l.step, value: l.value };
    if (l.item) msg.item = l.item;
    const st = stepById(l.step);
    if (!st || !NO_COMMENT.has(st.kind)) msg.comment = l.comment || '';
    l.sent = { value: msg.value, comment: l.comment || '' };
    if (!send(msg)) { l.seq = 0; S.seqToKey.delete(seq); }
    savePending();
    armAckTimer();
  }

  function flushPending() {
    if (!S.joined) return;
    for (const [key, l] of S.local) {
      if (l.state === 'pending' && hasValue(l.value) && !l.seq) sendAnswer(key);
    }
    updateOpen();
  }

  function choose(step, item, value) {
    // The pause screen covers the buttons; a tap that still gets through is not taken.
    if (isPaused()) { showToast('paused'); updateOpen(); return; }
    const key = K(step, item);
    let l = S.local.get(key);
    if (!l) { l = { step, item, value: '', comment: '', seq: 0, state: 'pending', t: Date.now() }; S.local.set(key, l); }
    const hadTimer = commentTimerCancel(key); // the answer carries the comment as typed so far
    if (same(l.value, value) && l.state === 'saved' && !hadTimer) return; // nothing new to send
    l.value = value;
    S.itemErrors.delete(key);
    sendAnswer(key);
    updateOpen();
  }

  function commentTimerCancel(key) {
    const tm = S.commentTimers.get(key);
    if (!tm) return false;
    clearTimeout(tm);
    S.commentTimers.delete(key);
    return true;
  }

  function commentChanged(step, item, text, immediate) {
    const key = K(step, item);
    let l = S.local.get(key);
    const value = String(text).slice(0, COMMENT_MAX);
    if (!l) { l = { step, item, value: '', comment: value, seq: 0, state: 'pending', t: Date.now() }; S.local.set(key, l); }
    if (l.comment === value && !immediate) return;
    const changed = l.comment !== value;
    l.comment = value;
    const hadTimer = commentTimerCancel(key);
    if (!hasValue(l.value)) { updateOpen(); return; }
    if (immediate) {
      if (changed || hadTimer) sendAnswer(key);
      updateOpen();
      return;
    }
    // Show "saving…" right away, send after a short pause in typing.
    l.state = 'pending';
    S.commentTimers.set(key, setTimeout(() => { S.commentTimers.delete(key); sendAnswer(key); updateOpen(); }, COMMENT_DEBOUNCE_MS));
    updateOpen();
  }

  function flushCommentTimers() {
    for (const [key, tm] of S.commentTimers) {
      clearTimeout(tm);
      sendAnswer(key);
    }
    S.commentTimers.clear();
  }

  /** Value-only kinds (texts, dots, entries, actions): the whole value is resent on every change,
   *  after `delay` ms of calm (0: now). An empty value withdraws, but only if the server has one. */
  function setValue(step, value, delay) {
    const key = K(step, '');
    let l = S.local.get(key);
    const empty = Array.isArray(value) ? value.length === 0 : (value && typeof value === 'object' && Object.keys(value).length === 0);
    if (!l) {
      if (empty) { updateOpen(); return; }
      l = { step, item: '', value: undefined, comment: '', seq: 0, state: 'pending', t: Date.now() };
      S.local.set(key, l);
    }
    const hadTimer = commentTimerCancel(key);
    if (empty && !S.confirmed.has(key) && !l.seq) { S.local.delete(key); savePending(); updateOpen(); return; }
    if (same(l.value, value) && l.state === 'saved' && !hadTimer) { updateOpen(); return; }
    l.value = value;
    S.itemErrors.delete(key);
    if (delay > 0) {
      l.state = 'pending';
      S.commentTimers.set(key, setTimeout(() => { S.commentTimers.delete(key); sendAnswer(key); updateOpen(); }, delay));
    } else {
      sendAnswer(key);
    }
    updateOpen();
  }

  // ---------------------------------------------------------------- toast & banner
  function showToast(code) {
    const n = $('toast');
    S.toastCode = code;
    n.textContent = errText(code);
    n.hidden = false;
    clearTimeout(S.toastTimer);
    S.toastTimer = setTimeout(() => { n.hidden = true; S.toastCode = ''; }, 6000);
  }

  function updateBanner() {
    const b = $('conn-banner');
    const show = S.wantJoin && S.everJoined && !S.joined;
    if (show) {
      b.textContent = t('reconnecting');
      b.hidden = false;
    } else {
      b.hidden = true;
      b.textContent = '';
    }
    if (!$('join-screen').hidden) renderJoinError();
  }

  // ---------------------------------------------------------------- screens
  function applyStaticText() {
    document.documentElement.lang = S.lang;
    document.title = t('docTitle');
    for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.getAttribute('data-i18n'));
    for (const n of document.querySelectorAll('[data-i18n-label]')) n.setAttribute('aria-label', t(n.getAttribute('data-i18n-label')));
    for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === S.lang));
    const jb = $('join-button');
    if (S.wantJoin && !S.everJoined) jb.textContent = t('joining');
    if (S.toastCode) $('toast').textContent = errText(S.toastCode);
    renderJoinError();
    renderNotice();
  }

  function renderJoinError() {
    const n = $('join-error');
    if (S.joinError) {
      n.textContent = S.joinError === 'codeMissing' ? t('codeMissing') : errText(S.joinError);
      n.className = 'form-error';
      n.hidden = false;
    } else if (S.wantJoin && !S.everJoined && attempt > 1) {
      n.textContent = t('connectRetry');
      n.className = 'form-info';
      n.hidden = false;
    } else {
      n.hidden = true;
      n.textContent = '';
    }
  }

  function showJoin() {
    $('join-screen').hidden = false;
    $('session-screen').hidden = true;
    $('removed-screen').hidden = true;
    stopTimerTick();
    const jb = $('join-button');
    jb.disabled = S.wantJoin;
    jb.textContent = S.wantJoin ? t('joining') : t('joinButton');
    S.renderedKey = '';
    $('step-area').replaceChildren();
    const sa = $('summary-area');
    if (sa) { sa.replaceChildren(); sa.removeAttribute('data-sig'); }
    updateBanner();
    renderJoinError();
  }

  function showSession() {
    $('join-screen').hidden = true;
    $('session-screen').hidden = false;
    $('removed-screen').hidden = true;
    const jb = $('join-button');
    jb.disabled = false;
    jb.textContent = t('joinButton');
  }

  function startJoin(code, name) {
    S.code = code;
    S.name = name;
    S.joinError = '';
    S.wantJoin = true;
    S.joined = false;
    S.everJoined = false;
    S.welcome = null;
    S.view = null;
    S.lastRev = -1;
    S.local.clear();
    S.confirmed.clear();
    S.seqToKey.clear();
    S.openComments.clear();
    S.itemErrors.clear();
    S.drafts.clear();
    S.forms.clear();
    S.picked = '';
    S.followNotice = null;
    loadPending();
    attempt = 0;
    const jb = $('join-button');
    jb.disabled = true;
    jb.textContent = t('joining');
    renderJoinError();
    connect();
  }

  // ---------------------------------------------------------------- rendering
  const KINDS = new Set(['traffic_light', 'scale', 'choice', 'image_choice', 'open_text', 'dot_vote', 'inventory', 'action_plan']);
  const kindOf = (step) => (step && step.kind) || 'traffic_light';
  const arr = (v) => (Array.isArray(v) ? v : []);
  const num = (x) => (typeof x === 'number' && x >= 0 ? Math.floor(x) : 0);
  const clampInt = (v, lo, hi, dflt) => (Number.isInteger(v) ? Math.min(hi, Math.max(lo, v)) : dflt);

  /** The options of a dot vote: in the agenda, or (from an earlier step) in the view once opened. */
  function dotOptions(step) {
    if (Array.isArray(step.options) && step.options.length) return step.options;
    const st = stepState(step.id);
    return st && Array.isArray(st.options) ? st.options : [];
  }

  function render() {
    updateBanner();
    if (!S.welcome) return;
    $('session-title').textContent = loc(S.welcome.session.title);
    renderSummary();
    renderPause();
    renderFollowNotice();
    const listMode = !!S.view && !following() && !S.picked;
    $('step-nav').hidden = !(S.view && !following() && S.picked);
    renderTimer();
    const area = $('step-area');
    const step = listMode ? null : currentStep();
    const st = step ? stepState(step.id) : null;
    const phase = st ? st.phase : 'pending';
    const locked = !!(st && st.locked);
    const res = step ? stepResults(step.id) : null;
    const kind = kindOf(step);

    let mode;
    if (listMode) mode = 'list';
    else if (!step || !S.view) mode = 'waiting';
    else if (!KINDS.has(kind)) mode = 'elsewhere';
    else if (phase === 'open') mode = (kind === 'dot_vote' && !dotOptions(step).length) ? 'nooptions' : 'open';
    else if (res) mode = 'results';
    else if (phase === 'closed') mode = 'closed';
    else mode = 'waiting';

    const extra = kind === 'dot_vote' && step ? JSON.stringify(dotOptions(step)) : '';
    if (mode === 'open') {
      const key = 'open|' + step.id + '|' + S.lang + '|' + extra;
      if (S.renderedKey !== key) {
        area.replaceChildren(buildOpen(step));
        S.renderedKey = key;
      }
      renderLiveResults(step, res);
      updateOpen();
      return;
    }
    // Rebuild only when something this screen shows has changed (keeps scroll and focus calm).
    const shown = mode === 'results' ? JSON.stringify(res) + extra + '|' + minAnswers()
      : mode === 'list' ? JSON.stringify(openStepIds()) + '|' + S.view.current : '';
    const key = mode + '|' + (step ? step.id : '') + '|' + S.lang + '|' + locked + '|' + shown;
    if (S.renderedKey === key) return;
    S.renderedKey = key;
    if (mode === 'list') area.replaceChildren(buildStepList());
    else if (mode === 'closed' && locked) area.replaceChildren(buildMessage('closed', '\u2713', t('lockedTitle'), t('lockedSub'), step));
    else if (mode === 'elsewhere') area.replaceChildren(buildMessage('elsewhere', '\u25CE', t('elsewhereTitle'), t('elsewhereSub'), step));
    else if (mode === 'waiting') area.replaceChildren(buildMessage('waiting', '\u25CC', t('waitingTitle'), t('waitingSub')));
    else if (mode === 'nooptions') area.replaceChildren(buildMessage('waiting', '\u25CC', t('optionsComing'), t('waitingSub'), step));
    else if (mode === 'closed') area.replaceChildren(buildMessage('closed', '\u2713', t('closedTitle'), t('closedSub'), step));
    else area.replaceChildren(buildResults(step, res));
  }

  function buildMessage(testid, icon, title, sub, step) {
    const box = el('section', { class: 'card message-card', 'data-testid': testid });
    if (step) {
      const kicker = el('p', { class: 'step-kicker' }, loc(step.title));
      const badge = lockedBadge(step);
      if (badge) { kicker.appendChild(document.createTextNode(' ')); kicker.appendChild(badge); }
      box.appendChild(kicker);
    }
    box.appendChild(el('div', { class: 'message-icon', 'aria-hidden': 'true' }, icon));
    box.appendChild(el('h1', { class: 'message-title' }, title));
    if (sub) box.appendChild(el('p', { class: 'message-sub' }, sub));
    return box;
  }

  function buildHead(step, withProgress) {
    const head = el('section', { class: 'step-head' });
    head.appendChild(el('h1', { class: 'step-title', 'data-testid': 'step-title' }, loc(step.title)));
    const prompt = loc(step.prompt);
    if (prompt) head.appendChild(el('p', { class: 'step-prompt' }, prompt));
    if (withProgress) head.appendChild(el('p', { class: 'progress', 'data-testid': 'progress', 'aria-live': 'polite' }));
    return head;
  }

  function buildOpen(step) {
    switch (kindOf(step)) {
      case 'choice': return buildChoice(step);
      case 'image_choice': return buildImageChoice(step);
      case 'open_text': return buildOpenText(step);
      case 'dot_vote': return buildDotVote(step);
      case 'inventory': case 'action_plan': return buildEditor(step);
      default: return buildItemsStep(step); // traffic_light, scale
    }
  }

  function updateOpen() {
    const step = currentStep();
    if (!step || !S.renderedKey.startsWith('open|' + step.id + '|')) return;
    switch (kindOf(step)) {
      case 'choice': updateChoice(step); break;
      case 'image_choice': updateImageChoice(step); break;
      case 'open_text': updateOpenText(step); break;
      case 'dot_vote': updateDotVote(step); break;
      case 'inventory': case 'action_plan': updateEditor(step); break;
      default: updateItems(); break;
    }
  }

  // ---- save state and the sticky bar of step-level kinds
  function saveInfo(key) {
    const l = S.local.get(key);
    const err = S.itemErrors.get(key);
    let state = 'none', text = '';
    if (l && hasValue(l.value) && l.state === 'pending') { state = 'pending'; text = S.joined && !isPaused() ? t('saving') : t('waitingConn'); }
    else if (l && hasValue(l.value) && l.state === 'saved') { state = 'saved'; text = t('saved'); }
    if (err && state !== 'pending') { state = 'error'; text = t('notSaved'); }
    return { state, text };
  }

  function buildBar() {
    const bar = el('div', { class: 'step-bar', 'data-testid': 'step-bar' });
    bar.appendChild(el('span', { class: 'bar-status', 'data-role': 'status', 'data-testid': 'step-status', 'aria-live': 'polite' }));
    bar.appendChild(el('span', { class: 'save-state', 'data-role': 'save', 'data-testid': 'step-save', 'aria-live': 'polite' }));
    return bar;
  }

  function paintBar(key, status) {
    const root = $('step-area');
    const st = root.querySelector('[data-role="status"]');
    if (st && st.textContent !== status) st.textContent = status;
    const save = root.querySelector('.step-bar [data-role="save"]');
    if (!save) return;
    const { state, text } = saveInfo(key);
    save.setAttribute('data-state', state);
    if (save.textContent !== text) save.textContent = text;
  }

  function buildPassButton(testid, onClick) {
    const b = el('button', { type: 'button', class: 'choice choice-pass', 'data-value': 'pass', 'data-testid': testid, 'aria-pressed': 'false' });
    b.appendChild(el('span', { class: 'choice-icon', 'aria-hidden': 'true' }, ICON.pass));
    b.appendChild(el('span', { class: 'choice-word' }, t('pass')));
    b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
    b.addEventListener('click', onClick);
    return b;
  }
  function paintPass(root, on) {
    const b = root.querySelector('.step-pass');
    if (!b) return;
    b.setAttribute('aria-pressed', String(on));
    b.classList.toggle('is-selected', on);
  }

  /** The "why?" box of choice and image_choice: a comment carried with the answer. */
  function buildWhy(step, key, needText) {
    const box = el('div', { class: 'why-box' });
    const id = 'why-' + step.id;
    box.appendChild(el('label', { class: 'field-label', for: id }, t('whyLabel')));
    const ta = el('textarea', {
      id, class: 'comment-input', rows: '3', maxlength: String(COMMENT_MAX),
      'data-testid': 'why', 'aria-describedby': id + '-hint', spellcheck: 'true'
    });
    box.appendChild(ta);
    const meta = el('div', { class: 'comment-meta' });
    meta.appendChild(el('p', { class: 'field-hint', id: id + '-hint' }, t('commentHint')));
    meta.appendChild(el('span', { class: 'counter', 'data-role': 'counter' }));
    box.appendChild(meta);
    box.appendChild(el('p', { class: 'field-hint need-choice', 'data-role': 'need-choice', hidden: true }, needText));
    const l = S.local.get(key);
    ta.value = l && l.comment ? l.comment : '';
    ta.addEventListener('input', () => commentChanged(step.id, '', ta.value, false));
    ta.addEventListener('blur', () => commentChanged(step.id, '', ta.value, true));
    return box;
  }
  function updateWhy(key) {
    const root = $('step-area');
    const ta = root.querySelector('[data-testid="why"]');
    if (!ta) return;
    const l = S.local.get(key);
    const want = l && l.comment ? l.comment : '';
    if (document.activeElement !== ta && ta.value !== want) ta.value = want;
    const len = ta.value.length;
    root.querySelector('.why-box [data-role="counter"]').textContent = len > COMMENT_MAX - 100 ? (len + '/' + COMMENT_MAX) : '';
    root.querySelector('.why-box [data-role="need-choice"]').hidden = !(ta.value.trim() && !(l && hasValue(l.value)));
  }

  // ---- traffic_light and scale: one card per statement
  function buildItemsStep(step) {
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, true));
    const items = arr(step.items);
    const list = el('div', { class: 'items' });
    const scale = kindOf(step) === 'scale';
    items.forEach((it, i) => list.appendChild(buildItem(step, it, i, items.length, scale)));
    frag.appendChild(list);
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function scaleRange(step) {
    const min = Number.isInteger(step.min) ? step.min : 1;
    let max = Number.isInteger(step.max) ? step.max : 5;
    if (max < min) max = min;
    if (max - min > 20) max = min + 20;
    return { min, max };
  }

  function buildItem(step, it, index, count, scale) {
    const key = K(step.id, it.id);
    const card = el('article', { class: 'card item' + (scale ? ' scale-item' : ''), 'data-testid': 'item-' + it.id, 'data-key': key });
    const top = el('div', { class: 'item-top' });
    top.appendChild(el('span', { class: 'item-num' }, t('itemOf', { n: index + 1, total: count })));
    top.appendChild(el('span', { class: 'save-state', 'data-role': 'save', 'aria-live': 'polite' }));
    card.appendChild(top);
    const textId = 'it-' + index;
    card.appendChild(el('h2', { class: 'item-text', id: textId }, loc(it.text)));

    const passRow = el('div', { class: 'item-foot' });
    if (scale) {
      const { min, max } = scaleRange(step);
      const n = max - min + 1;
      const group = el('div', { class: 'scale-choices', role: 'group', 'aria-labelledby': textId });
      group.style.setProperty('--cols', String(n <= 7 ? n : Math.ceil(n / 2)));
      const lmin = step.labels ? loc(step.labels.min) : '';
      const lmax = step.labels ? loc(step.labels.max) : '';
      for (let v = min; v <= max; v++) {
        const label = String(v) + (v === min && lmin ? ' \u2013 ' + lmin : '') + (v === max && lmax ? ' \u2013 ' + lmax : '');
        const b = el('button', {
          type: 'button', class: 'choice scale-btn', 'data-value': String(v),
          'data-testid': 'scale-' + it.id + '-' + v, 'aria-pressed': 'false', 'aria-label': label
        });
        b.appendChild(el('span', { class: 'scale-num' }, String(v)));
        b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
        b.addEventListener('click', () => choose(step.id, it.id, v));
        group.appendChild(b);
      }
      card.appendChild(group);
      if (lmin || lmax) {
        const ends = el('div', { class: 'scale-ends', 'aria-hidden': 'true' });
        ends.appendChild(el('span', null, lmin ? min + ' = ' + lmin : ''));
        ends.appendChild(el('span', null, lmax ? max + ' = ' + lmax : ''));
        card.appendChild(ends);
      }
      passRow.appendChild(buildPassButton('scale-' + it.id + '-pass', () => choose(step.id, it.id, 'pass')));
    } else {
      const group = el('div', { class: 'choices', role: 'group', 'aria-labelledby': textId });
      for (const c of CHOICES) {
        const b = el('button', {
          type: 'button', class: 'choice choice-' + c.value, 'data-value': c.value,
          'data-testid': 'choice-' + it.id + '-' + c.value, 'aria-pressed': 'false'
        });
        b.appendChild(el('span', { class: 'choice-icon', 'aria-hidden': 'true' }, c.icon));
        b.appendChild(el('span', { class: 'choice-word' }, t(c.value)));
        b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
        b.addEventListener('click', () => choose(step.id, it.id, c.value));
        if (c.value === 'pass') passRow.appendChild(b); else group.appendChild(b);
      }
      card.appendChild(group);
    }

    const toggle = el('button', {
      type: 'button', class: 'comment-toggle', 'data-testid': 'comment-toggle-' + it.id,
      'aria-expanded': 'false', 'aria-controls': 'cm-' + index
    }, t('commentAdd'));
    passRow.appendChild(toggle);
    card.appendChild(passRow);

    const box = el('div', { class: 'comment-box', id: 'cm-' + index, hidden: true });
    const taId = 'ta-' + index;
    box.appendChild(el('label', { class: 'field-label small', for: taId }, t('commentLabel')));
    const ta = el('textarea', {
      id: taId, class: 'comment-input', rows: '3', maxlength: String(COMMENT_MAX),
      'data-testid': 'comment-' + it.id, 'aria-describedby': 'hint-' + index, spellcheck: 'true'
    });
    box.appendChild(ta);
    const hintRow = el('div', { class: 'comment-meta' });
    hintRow.appendChild(el('p', { class: 'field-hint', id: 'hint-' + index }, t('commentHint')));
    hintRow.appendChild(el('span', { class: 'counter', 'data-role': 'counter' }));
    box.appendChild(hintRow);
    box.appendChild(el('p', { class: 'field-hint need-choice', 'data-role': 'need-choice', hidden: true }, t('commentNeedsChoice')));
    card.appendChild(box);

    const l = S.local.get(key);
    ta.value = l && l.comment ? l.comment : '';
    toggle.addEventListener('click', () => {
      if (S.openComments.has(key)) S.openComments.delete(key); else S.openComments.add(key);
      updateItems();
      if (S.openComments.has(key)) ta.focus();
    });
    ta.addEventListener('input', () => commentChanged(step.id, it.id, ta.value, false));
    ta.addEventListener('blur', () => commentChanged(step.id, it.id, ta.value, true));
    return card;
  }

  function updateItems() {
    const step = currentStep();
    const area = $('step-area');
    if (!step || !S.renderedKey.startsWith('open|')) return;
    const items = arr(step.items);
    let answered = 0;
    for (const card of area.querySelectorAll('article.item')) {
      const key = card.getAttribute('data-key');
      const itemId = card.getAttribute('data-testid').slice(5);
      const l = S.local.get(key);
      const value = l && hasValue(l.value) ? String(l.value) : '';
      if (value) answered++;
      for (const b of card.querySelectorAll('button.choice')) {
        const on = b.getAttribute('data-value') === value;
        b.setAttribute('aria-pressed', String(on));
        b.classList.toggle('is-selected', on);
      }
      card.classList.toggle('has-answer', !!value);
      const save = card.querySelector('[data-role="save"]');
      const { state, text } = saveInfo(key);
      save.setAttribute('data-state', state);
      save.setAttribute('data-testid', (state === 'saved' ? 'saved-' : state === 'pending' ? 'pending-' : 'unsaved-') + itemId);
      if (save.textContent !== text) save.textContent = text;

      const open = S.openComments.has(key);
      const box = card.querySelector('.comment-box');
      box.hidden = !open;
      const toggle = card.querySelector('.comment-toggle');
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('commentHide') : t('commentAdd');
      const ta = box.querySelector('textarea');
      const want = l && l.comment ? l.comment : '';
      if (document.activeElement !== ta && ta.value !== want) ta.value = want;
      const counter = box.querySelector('[data-role="counter"]');
      const len = ta.value.length;
      counter.textContent = len > COMMENT_MAX - 100 ? (len + '/' + COMMENT_MAX) : '';
      box.querySelector('[data-role="need-choice"]').hidden = !(ta.value.trim() && !value);
    }
    const prog = area.querySelector('[data-testid="progress"]');
    if (prog) prog.textContent = t('progress', { n: answered, total: items.length });
  }

  // ---- choice (the cases): the case text, radio cards, pass, why
  function buildCaseBody(step, testid) {
    const body = loc(step.body);
    if (!body) return null;
    const card = el('article', { class: 'card case-body', 'data-testid': testid });
    for (const para of body.split(/\n\s*\n/)) if (para.trim()) card.appendChild(el('p', null, para.trim()));
    return card;
  }

  function buildChoice(step) {
    const key = K(step.id, '');
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, false));
    const body = buildCaseBody(step, 'case-body');
    if (body) frag.appendChild(body);
    const card = el('section', { class: 'card answer-card' });
    const qid = 'q-' + step.id;
    card.appendChild(el('h2', { class: 'answer-label', id: qid }, t('yourChoice')));
    const group = el('div', { class: 'radio-cards', role: 'radiogroup', 'aria-labelledby': qid });
    for (const o of arr(step.options)) {
      const lab = el('label', { class: 'radio-card', 'data-testid': 'option-' + o.id, 'data-value': o.id });
      const input = el('input', { type: 'radio', name: 'opt-' + step.id, value: o.id, class: 'radio-input' });
      input.addEventListener('change', () => { if (input.checked) choose(step.id, '', o.id); });
      lab.appendChild(input);
      lab.appendChild(el('span', { class: 'radio-mark', 'aria-hidden': 'true' }));
      lab.appendChild(el('span', { class: 'radio-text' }, loc(o.text)));
      group.appendChild(lab);
    }
    card.appendChild(group);
    const foot = el('div', { class: 'item-foot' });
    const pass = buildPassButton('pass-' + step.id, () => choose(step.id, '', 'pass'));
    pass.classList.add('step-pass');
    foot.appendChild(pass);
    card.appendChild(foot);
    if (step.comment !== false) card.appendChild(buildWhy(step, key, t('commentNeedsChoice')));
    frag.appendChild(card);
    frag.appendChild(buildBar());
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function updateChoice(step) {
    const root = $('step-area');
    const key = K(step.id, '');
    const l = S.local.get(key);
    const value = l && typeof l.value === 'string' ? l.value : '';
    for (const lab of root.querySelectorAll('.radio-card')) {
      const on = lab.getAttribute('data-value') === value;
      const input = lab.querySelector('input');
      if (input.checked !== on) input.checked = on;
      lab.classList.toggle('is-selected', on);
    }
    paintPass(root, value === 'pass');
    updateWhy(key);
    paintBar(key, value === 'pass' ? t('statusPassed') : value ? t('statusChosen') : t('statusChoose'));
  }

  // ---- image_choice (dromen met beelden): a grid of pictures, pick up to max_picks
  function maxPicks(step) { return clampInt(step.max_picks, 1, 20, 1); }

  function buildImageChoice(step) {
    const key = K(step.id, '');
    const max = maxPicks(step);
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, false));
    frag.appendChild(el('p', { class: 'step-note' }, max === 1 ? t('pickOne') : t('pickUpTo', { n: max })));
    const grid = el('div', { class: 'img-grid', role: 'group', 'aria-label': t('imagesLabel') });
    for (const im of arr(step.images)) {
      if (!im || typeof im.id !== 'string') continue;
      const b = el('button', { type: 'button', class: 'img-card', 'data-value': im.id, 'data-testid': 'image-' + im.id, 'aria-pressed': 'false' });
      const img = el('img', { src: typeof im.url === 'string' ? im.url : '', alt: loc(im.alt), loading: 'lazy', decoding: 'async', width: '512', height: '384' });
      b.appendChild(img);
      const tag = el('span', { class: 'img-tag', 'aria-hidden': 'true' });
      tag.appendChild(el('span', { class: 'img-tag-check' }, '\u2713'));
      tag.appendChild(el('span', { class: 'img-tag-word' }, t('picked1')));
      b.appendChild(tag);
      b.addEventListener('click', () => pickImage(step, im.id));
      grid.appendChild(b);
    }
    frag.appendChild(grid);
    const card = el('section', { class: 'card answer-card' });
    card.appendChild(el('p', { class: 'form-info pick-hint', 'data-role': 'pick-hint', role: 'status', hidden: true }));
    const foot = el('div', { class: 'item-foot' });
    const pass = buildPassButton('pass-' + step.id, () => { S.pickHint = ''; choose(step.id, '', 'pass'); });
    pass.classList.add('step-pass');
    foot.appendChild(pass);
    card.appendChild(foot);
    if (step.reason !== false) card.appendChild(buildWhy(step, key, t('whyNeedsImage')));
    frag.appendChild(card);
    frag.appendChild(buildBar());
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    S.pickHint = '';
    return frag;
  }

  function pickImage(step, id) {
    const key = K(step.id, '');
    const l = S.local.get(key);
    const max = maxPicks(step);
    let picks = l && Array.isArray(l.value) ? l.value.slice() : [];
    const i = picks.indexOf(id);
    S.pickHint = '';
    if (i >= 0) {
      // The server needs at least one picture (or a pass): the last one stays until another is chosen.
      if (picks.length === 1) { if (max > 1) S.pickHint = 'keepOne'; updateOpen(); return; }
      picks.splice(i, 1);
    } else if (max === 1) {
      picks = [id];
    } else if (picks.length >= max) {
      S.pickHint = 'tooMany'; updateOpen(); return;
    } else {
      picks.push(id);
    }
    choose(step.id, '', picks);
  }

  function updateImageChoice(step) {
    const root = $('step-area');
    const key = K(step.id, '');
    const l = S.local.get(key);
    const picks = l && Array.isArray(l.value) ? l.value : [];
    const passed = !!(l && l.value === 'pass');
    for (const b of root.querySelectorAll('.img-card')) {
      const on = picks.includes(b.getAttribute('data-value'));
      b.setAttribute('aria-pressed', String(on));
      b.classList.toggle('is-selected', on);
    }
    paintPass(root, passed);
    const hint = root.querySelector('[data-role="pick-hint"]');
    const hintText = S.pickHint === 'tooMany' ? t('pickTooMany', { n: maxPicks(step) }) : S.pickHint === 'keepOne' ? t('pickKeepOne') : '';
    hint.hidden = !hintText;
    if (hint.textContent !== hintText) hint.textContent = hintText;
    updateWhy(key);
    paintBar(key, passed ? t('statusPassed') : t('pickedCount', { n: picks.length, max: maxPicks(step) }));
  }

  // ---- open_text ("Ontmoeten is…"): up to max_entries short texts, sent as one array
  function textLimits(step) {
    return { max: clampInt(step.max_entries, 1, 10, 3), len: clampInt(step.max_length, 1, 2000, 140) };
  }
  function textFields(step, key) {
    const { max } = textLimits(step);
    const d = S.drafts.get(key);
    if (d) return d;
    const l = S.local.get(key);
    const v = l && Array.isArray(l.value) ? l.value : [];
    return Array.from({ length: max }, (_, i) => (typeof v[i] === 'string' ? v[i] : ''));
  }
  function fieldsValue(step, fields) {
    const { len } = textLimits(step);
    return fields.map((s) => s.trim()).filter((s) => s).map((s) => s.slice(0, len));
  }

  function buildOpenText(step) {
    const key = K(step.id, '');
    const { max, len } = textLimits(step);
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, false));
    const card = el('section', { class: 'card answer-card' });
    card.appendChild(el('p', { class: 'step-note' }, max === 1 ? t('textOne') : t('textUpTo', { n: max })));
    card.appendChild(el('p', { class: 'privacy-hint', id: 'ot-hint' }, t('noNamesHint')));
    const fields = textFields(step, key);
    const list = el('div', { class: 'text-fields' });
    const placeholder = loc(step.placeholder);
    for (let i = 0; i < max; i++) {
      const row = el('div', { class: 'text-field' });
      const id = 'ot-' + i;
      row.appendChild(el('label', { class: 'field-label small', for: id }, t('entryN', { n: i + 1 })));
      const ta = el('textarea', {
        id, class: 'comment-input entry-input', rows: '2', maxlength: String(len), placeholder: placeholder || null,
        'data-testid': 'entry-' + i, 'data-index': String(i), 'aria-describedby': 'ot-hint ot-c-' + i, spellcheck: 'true'
      });
      ta.value = fields[i] || '';
      row.appendChild(ta);
      row.appendChild(el('span', { class: 'counter entry-counter', id: 'ot-c-' + i, 'data-role': 'counter', 'data-testid': 'entry-count-' + i }));
      const changed = (delay) => {
        const now = Array.from($('step-area').querySelectorAll('.entry-input'), (x) => x.value);
        S.drafts.set(key, now);
        setValue(step.id, fieldsValue(step, now), delay);
      };
      ta.addEventListener('input', () => changed(COMMENT_DEBOUNCE_MS));
      ta.addEventListener('blur', () => changed(0));
      list.appendChild(row);
    }
    card.appendChild(list);
    frag.appendChild(card);
    frag.appendChild(buildBar());
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function updateOpenText(step) {
    const root = $('step-area');
    const key = K(step.id, '');
    const { len } = textLimits(step);
    const fields = textFields(step, key);
    let filled = 0;
    for (const ta of root.querySelectorAll('.entry-input')) {
      const i = Number(ta.getAttribute('data-index'));
      const want = fields[i] || '';
      if (document.activeElement !== ta && ta.value !== want) ta.value = want;
      if (ta.value.trim()) filled++;
      const c = root.querySelector('#ot-c-' + i);
      const text = ta.value.length + '/' + len;
      if (c.textContent !== text) c.textContent = text;
      c.classList.toggle('is-near', ta.value.length >= len - 10);
    }
    paintBar(key, t('textsFilled', { n: filled, max: textLimits(step).max }));
  }

  // ---- dot_vote: N dots over the options, +/- per option
  function dotLimits(step) {
    const dots = clampInt(step.dots, 1, 100, 3);
    return { dots, per: clampInt(step.max_per_option, 1, dots, dots) };
  }
  function dotValue(step) {
    const l = S.local.get(K(step.id, ''));
    const v = l && l.value && typeof l.value === 'object' && !Array.isArray(l.value) ? l.value : {};
    const out = {};
    for (const k of Object.keys(v)) if (num(v[k]) > 0) out[k] = num(v[k]);
    return out;
  }
  const sumDots = (v) => Object.values(v).reduce((a, b) => a + b, 0);

  function buildDotVote(step) {
    const { dots, per } = dotLimits(step);
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, false));
    frag.appendChild(el('p', { class: 'step-note' }, t('dotsIntro', { n: dots }) + (per < dots ? ' ' + t('dotsMaxPer', { n: per }) : '')));
    const list = el('div', { class: 'dot-list' });
    for (const o of dotOptions(step)) {
      if (!o || typeof o.id !== 'string') continue;
      const text = loc(o.text);
      const row = el('article', { class: 'card dot-row', 'data-testid': 'dot-option-' + o.id, 'data-option': o.id });
      const tid = 'dt-' + o.id;
      row.appendChild(el('p', { class: 'dot-text', id: tid }, text));
      const ctl = el('div', { class: 'dot-controls', role: 'group', 'aria-labelledby': tid });
      const minus = el('button', { type: 'button', class: 'dot-btn', 'data-role': 'minus', 'data-testid': 'dot-minus-' + o.id, 'aria-label': t('dotRemove') }, '\u2212');
      const plus = el('button', { type: 'button', class: 'dot-btn', 'data-role': 'plus', 'data-testid': 'dot-plus-' + o.id, 'aria-label': t('dotAdd') }, '+');
      const mid = el('div', { class: 'dot-mid' });
      mid.appendChild(el('span', { class: 'dot-pips', 'data-role': 'pips', 'aria-hidden': 'true' }));
      mid.appendChild(el('span', { class: 'dot-count', 'data-role': 'count', 'data-testid': 'dot-count-' + o.id, 'aria-live': 'polite' }));
      minus.addEventListener('click', () => changeDots(step, o.id, -1));
      plus.addEventListener('click', () => changeDots(step, o.id, +1));
      ctl.appendChild(minus);
      ctl.appendChild(mid);
      ctl.appendChild(plus);
      row.appendChild(ctl);
      list.appendChild(row);
    }
    frag.appendChild(list);
    frag.appendChild(buildBar());
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function changeDots(step, id, delta) {
    const { dots, per } = dotLimits(step);
    const v = dotValue(step);
    const n = (v[id] || 0) + delta;
    if (n < 0 || n > per) return;
    if (delta > 0 && sumDots(v) >= dots) return;
    if (n === 0) delete v[id]; else v[id] = n;
    setValue(step.id, v, 350);
  }

  function updateDotVote(step) {
    const root = $('step-area');
    const key = K(step.id, '');
    const { dots, per } = dotLimits(step);
    const v = dotValue(step);
    const left = Math.max(0, dots - sumDots(v));
    for (const row of root.querySelectorAll('.dot-row')) {
      const id = row.getAttribute('data-option');
      const n = v[id] || 0;
      const count = row.querySelector('[data-role="count"]');
      const word = n === 1 ? t('dotOne') : t('dotMany', { n });
      if (count.textContent !== word) count.textContent = word;
      count.setAttribute('data-count', String(n));
      const pips = row.querySelector('[data-role="pips"]');
      const shown = per <= 10 ? per : 0;
      const p = shown ? '\u25CF'.repeat(n) + '\u25CB'.repeat(shown - n) : '';
      if (pips.textContent !== p) pips.textContent = p;
      row.classList.toggle('has-dots', n > 0);
      row.querySelector('[data-role="minus"]').disabled = n === 0;
      row.querySelector('[data-role="plus"]').disabled = n >= per || left === 0;
    }
    const status = left === 0 ? t('dotsDone') : left === 1 ? t('dotsLeftOne') : t('dotsLeft', { n: left });
    paintBar(key, status);
    const bar = root.querySelector('.step-bar');
    if (bar) bar.setAttribute('data-left', String(left));
  }

  // ---- inventory and action_plan: own entries, an add/edit form, the whole list resent
  function editorSpec(step) {
    if (kindOf(step) === 'inventory') {
      return {
        prefix: 'inv', max: clampInt(step.max_entries, 1, 200, 20),
        fields: [
          { name: 'name', type: 'text', max: 80, required: true, label: 'invName' },
          { name: 'kind', type: 'select', options: arr(step.offer_kinds), required: true, label: 'invKind' },
          { name: 'place', type: 'text', max: 80, label: 'invPlace' },
          { name: 'families', type: 'checks', options: arr(step.target_groups), label: 'invFamilies' },
          { name: 'goals', type: 'textarea', max: 300, label: 'invGoals' }
        ]
      };
    }
    return {
      prefix: 'act', max: clampInt(step.max_entries, 1, 200, 10),
      fields: [
        { name: 'what', type: 'textarea', max: 140, required: true, label: 'actWhat' },
        { name: 'who', type: 'text', max: 60, label: 'actWho' },
        { name: 'when', type: 'text', max: 40, label: 'actWhen' }
      ]
    };
  }
  function emptyEntry(spec) {
    const e = {};
    for (const f of spec.fields) e[f.name] = f.type === 'checks' ? [] : '';
    return e;
  }
  function editorForm(step) {
    let f = S.forms.get(step.id);
    if (!f) { f = { data: emptyEntry(editorSpec(step)), editing: -1, error: '', confirm: -1, confirmTimer: 0 }; S.forms.set(step.id, f); }
    return f;
  }
  function entries(step) {
    const l = S.local.get(K(step.id, ''));
    return l && Array.isArray(l.value) ? l.value : [];
  }
  function optText(list, id) {
    const o = arr(list).find((x) => x && x.id === id);
    return o ? loc(o.text) : String(id || '');
  }
  function shortText(s) {
    const i = s.indexOf(' (');
    return i > 12 ? s.slice(0, i) : s;
  }

  function buildEditor(step) {
    const frag = document.createDocumentFragment();
    frag.appendChild(buildHead(step, false));
    frag.appendChild(el('p', { class: 'privacy-hint' }, kindOf(step) === 'inventory' ? t('invPrivacy') : t('actPrivacy')));
    const p = editorSpec(step).prefix;
    const listSec = el('section', { class: 'own-list', 'aria-labelledby': p + '-list-title' });
    listSec.appendChild(el('h2', { class: 'section-title', id: p + '-list-title', 'data-role': 'list-title' }));
    listSec.appendChild(el('div', { class: 'own-entries', 'data-role': 'entries', 'data-testid': p + '-entries' }));
    frag.appendChild(listSec);
    frag.appendChild(el('div', { 'data-role': 'form-slot' }));
    frag.appendChild(buildBar());
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function buildEditorForm(step) {
    const spec = editorSpec(step);
    const f = editorForm(step);
    const p = spec.prefix;
    const form = el('form', { class: 'card entry-form', 'data-testid': p + '-form', novalidate: true, autocomplete: 'off' });
    form.appendChild(el('h2', { class: 'section-title' }, f.editing >= 0 ? t(p + 'EditTitle') : t(p + 'AddTitle')));
    for (const fd of spec.fields) {
      const id = p + '-' + fd.name;
      const label = t(fd.label) + (fd.required ? ' *' : '');
      if (fd.type === 'checks') {
        const fs = el('fieldset', { class: 'checks' });
        fs.appendChild(el('legend', { class: 'field-label' }, label));
        for (const o of fd.options) {
          const lab = el('label', { class: 'check-row', 'data-testid': id + '-' + o.id });
          const cb = el('input', { type: 'checkbox', value: o.id, class: 'check-input' });
          cb.checked = f.data[fd.name].includes(o.id);
          cb.addEventListener('change', () => {
            const set = new Set(f.data[fd.name]);
            if (cb.checked) set.add(o.id); else set.delete(o.id);
            f.data[fd.name] = fd.options.map((x) => x.id).filter((x) => set.has(x));
          });
          lab.appendChild(cb);
          lab.appendChild(el('span', { class: 'check-box', 'aria-hidden': 'true' }, '\u2713'));
          lab.appendChild(el('span', { class: 'check-text' }, loc(o.text)));
          fs.appendChild(lab);
        }
        form.appendChild(fs);
        continue;
      }
      const wrap = el('div', { class: 'form-field' });
      wrap.appendChild(el('label', { class: 'field-label', for: id }, label));
      let input;
      if (fd.type === 'select') {
        input = el('select', { id, class: 'select-input', 'data-testid': id });
        const ph = el('option', { value: '' }, t('chooseKind'));
        input.appendChild(ph);
        for (const o of fd.options) input.appendChild(el('option', { value: o.id }, loc(o.text)));
        input.value = f.data[fd.name] || '';
        input.addEventListener('change', () => { f.data[fd.name] = input.value; });
      } else {
        input = el(fd.type === 'textarea' ? 'textarea' : 'input', {
          id, class: fd.type === 'textarea' ? 'comment-input' : 'text-input', 'data-testid': id,
          maxlength: String(fd.max), type: fd.type === 'textarea' ? null : 'text', rows: fd.type === 'textarea' ? '2' : null,
          spellcheck: 'true'
        });
        input.value = f.data[fd.name] || '';
        const counter = el('span', { class: 'counter' });
        const paint = () => { const n = input.value.length; counter.textContent = n >= fd.max - 20 ? n + '/' + fd.max : ''; };
        input.addEventListener('input', () => { f.data[fd.name] = input.value; paint(); if (f.error) { f.error = ''; paintFormError(step); } });
        paint();
        wrap.appendChild(input);
        wrap.appendChild(counter);
        form.appendChild(wrap);
        continue;
      }
      wrap.appendChild(input);
      form.appendChild(wrap);
    }
    form.appendChild(el('p', { class: 'form-error', 'data-role': 'form-error', 'data-testid': p + '-error', role: 'alert', hidden: true }));
    const row = el('div', { class: 'form-buttons' });
    row.appendChild(el('button', { type: 'submit', class: 'btn-primary', 'data-testid': p + '-submit' }, f.editing >= 0 ? t('saveChange') : t(p + 'Add')));
    if (f.editing >= 0) {
      const cancel = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': p + '-cancel' }, t('cancel'));
      cancel.addEventListener('click', () => { f.editing = -1; f.data = emptyEntry(spec); f.error = ''; renderEditorForm(step); });
      row.appendChild(cancel);
    }
    form.appendChild(row);
    form.addEventListener('submit', (ev) => { ev.preventDefault(); submitEntry(step); });
    return form;
  }

  function paintFormError(step) {
    const f = editorForm(step);
    const n = $('step-area').querySelector('[data-role="form-error"]');
    if (!n) return;
    n.hidden = !f.error;
    n.textContent = f.error ? t(f.error) : '';
  }

  function renderEditorForm(step) {
    const slot = $('step-area').querySelector('[data-role="form-slot"]');
    if (!slot) return;
    const spec = editorSpec(step);
    const f = editorForm(step);
    if (f.editing < 0 && entries(step).length >= spec.max) {
      slot.replaceChildren(el('p', { class: 'card step-note', 'data-testid': spec.prefix + '-full' }, t('listFull', { n: spec.max })));
    } else {
      slot.replaceChildren(buildEditorForm(step));
      paintFormError(step);
    }
    slot.setAttribute('data-sig', S.lang + '|' + f.editing + '|' + (entries(step).length >= spec.max));
  }

  function cleanEntry(step, data) {
    const spec = editorSpec(step);
    const e = {};
    for (const fd of spec.fields) {
      if (fd.type === 'checks') e[fd.name] = arr(data[fd.name]).filter((x) => fd.options.some((o) => o.id === x));
      else e[fd.name] = String(data[fd.name] || '').trim().slice(0, fd.max);
    }
    return e;
  }

  function submitEntry(step) {
    const spec = editorSpec(step);
    const f = editorForm(step);
    const e = cleanEntry(step, f.data);
    const missing = spec.fields.find((fd) => fd.required && !e[fd.name]);
    if (missing) {
      f.error = missing.type === 'select' ? 'needKind' : (spec.prefix === 'inv' ? 'needName' : 'needWhat');
      paintFormError(step);
      const n = $(spec.prefix + '-' + missing.name);
      if (n) n.focus();
      return;
    }
    const list = entries(step).slice();
    if (f.editing >= 0 && f.editing < list.length) list[f.editing] = e;
    else if (list.length < spec.max) list.push(e);
    else return;
    f.editing = -1;
    f.data = emptyEntry(spec);
    f.error = '';
    setValue(step.id, list, 0);
    renderEditorForm(step);
  }

  function removeEntry(step, i) {
    const f = editorForm(step);
    clearTimeout(f.confirmTimer);
    if (f.confirm !== i) {
      // Two taps: the first asks "sure?", for a few seconds.
      f.confirm = i;
      f.confirmTimer = setTimeout(() => { f.confirm = -1; updateOpen(); }, 5000);
      updateOpen();
      return;
    }
    f.confirm = -1;
    const list = entries(step).slice();
    list.splice(i, 1);
    if (f.editing === i) { f.editing = -1; f.data = emptyEntry(editorSpec(step)); }
    else if (f.editing > i) f.editing--;
    setValue(step.id, list, 0);
    renderEditorForm(step);
  }

  function editEntry(step, i) {
    const f = editorForm(step);
    const e = entries(step)[i];
    if (!e) return;
    f.editing = i;
    f.data = Object.assign(emptyEntry(editorSpec(step)), JSON.parse(JSON.stringify(e)));
    f.error = '';
    renderEditorForm(step);
    const form = $('step-area').querySelector('.entry-form');
    if (form) {
      form.scrollIntoView({ block: 'start' });
      const first = form.querySelector('input, textarea, select');
      if (first) first.focus({ preventScroll: true });
    }
  }

  function buildEntryCard(step, e, i, own) {
    const isInv = kindOf(step) === 'inventory';
    const p = isInv ? 'inv' : 'act';
    const card = el('article', { class: 'card entry-card', 'data-testid': own ? p + '-entry-' + i : (isInv ? 'inv-result-entry' : 'action-result') });
    card.appendChild(el('h3', { class: 'entry-title' }, isInv ? e.name : e.what));
    const dl = el('dl', { class: 'entry-facts' });
    const fact = (label, value) => {
      if (!value) return;
      const d = el('div');
      d.appendChild(el('dt', null, label));
      d.appendChild(el('dd', null, value));
      dl.appendChild(d);
    };
    if (isInv) {
      fact(t('invKindShort'), optText(step.offer_kinds, e.kind));
      fact(t('invPlaceShort'), e.place);
      fact(t('invFamiliesShort'), arr(e.families).map((g) => optText(step.target_groups, g)).join(', '));
      fact(t('invGoalsShort'), e.goals);
    } else {
      fact(t('actWhoShort'), e.who);
      fact(t('actWhenShort'), e.when);
    }
    if (dl.firstChild) card.appendChild(dl);
    if (own) {
      const f = editorForm(step);
      const row = el('div', { class: 'entry-buttons' });
      const edit = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': p + '-edit-' + i }, t('edit'));
      edit.addEventListener('click', () => editEntry(step, i));
      const sure = f.confirm === i;
      const rm = el('button', { type: 'button', class: 'btn-secondary btn-danger' + (sure ? ' is-sure' : ''), 'data-testid': p + '-remove-' + i }, sure ? t('removeSure') : t('remove'));
      rm.addEventListener('click', () => removeEntry(step, i));
      row.appendChild(edit);
      row.appendChild(rm);
      card.appendChild(row);
      if (f.editing === i) card.classList.add('is-editing');
    }
    return card;
  }

  function updateEditor(step) {
    const root = $('step-area');
    const key = K(step.id, '');
    const spec = editorSpec(step);
    const f = editorForm(step);
    const list = entries(step);
    const box = root.querySelector('[data-role="entries"]');
    const sig = S.lang + '|' + JSON.stringify(list) + '|' + f.confirm + '|' + f.editing;
    if (box.getAttribute('data-sig') !== sig) {
      box.setAttribute('data-sig', sig);
      if (!list.length) box.replaceChildren(el('p', { class: 'empty-note' }, t(spec.prefix + 'None')));
      else box.replaceChildren(...list.map((e, i) => buildEntryCard(step, e, i, true)));
    }
    const title = root.querySelector('[data-role="list-title"]');
    const tt = t(spec.prefix + 'ListTitle', { n: list.length });
    if (title.textContent !== tt) title.textContent = tt;
    const slot = root.querySelector('[data-role="form-slot"]');
    if (slot.getAttribute('data-sig') !== S.lang + '|' + f.editing + '|' + (list.length >= spec.max)) renderEditorForm(step);
    paintBar(key, list.length === 0 ? t(spec.prefix + 'CountZero') : list.length === 1 ? t(spec.prefix + 'CountOne') : t(spec.prefix + 'Count', { n: list.length }));
  }

  function renderLiveResults(step, res) {
    const box = $('live-results');
    if (!box) return;
    const sig = res ? S.lang + JSON.stringify(res) + minAnswers() : '';
    if (box.getAttribute('data-sig') === sig) return;
    box.setAttribute('data-sig', sig);
    if (res) box.replaceChildren(buildResults(step, res));
    else if (box.firstChild) box.replaceChildren();
  }

  // ---------------------------------------------------------------- results
  function resultsHead(step, res, note) {
    const head = el('div', { class: 'step-head' });
    head.appendChild(resultsKicker(step));
    head.appendChild(el('h1', { class: 'step-title' }, loc(step.title)));
    const total = num(res.total);
    head.appendChild(el('p', { class: 'results-total', 'data-testid': 'results-total', 'data-total': String(total) },
      total === 1 ? t('resultsTotalOne') : t('resultsTotal', { n: total })));
    const paper = num(res.paper);
    if (paper > 0) {
      head.appendChild(el('p', { class: 'results-paper', 'data-testid': 'results-paper', 'data-paper': String(paper) },
        paper === 1 ? t('paperOne') : t('paperMany', { n: paper })));
    }
    if (note) head.appendChild(el('p', { class: 'results-order' }, note));
    return head;
  }

  /** "Result", or "Results so far" while the step is still open (a live step); "closed" when locked. */
  function resultsKicker(step) {
    const st = stepState(step.id);
    const live = !!(st && st.phase === 'open');
    const kicker = el('p', { class: 'step-kicker' + (live ? ' is-live' : ''), 'data-testid': live ? 'live-kicker' : null },
      live ? t('liveTitle') : t('resultsTitle'));
    const badge = lockedBadge(step);
    if (badge) { kicker.appendChild(document.createTextNode(' ')); kicker.appendChild(badge); }
    if (live) kicker.appendChild(el('span', { class: 'live-note' }, ' \u2013 ' + t('liveNote')));
    return kicker;
  }

  function lockedBadge(step) {
    const st = stepState(step.id);
    if (!st || !st.locked) return null;
    return el('span', { class: 'badge badge-locked', 'data-testid': 'locked-badge' }, t('lockedBadge'));
  }

  /** The session's threshold k: from the view, else from /healthz. */
  function minAnswers() {
    if (S.view && Number.isInteger(S.view.min_answers) && S.view.min_answers > 0) return S.view.min_answers;
    if (S.health && Number.isInteger(S.health.min_answers) && S.health.min_answers > 0) return S.health.min_answers;
    return 0;
  }

  /** A small group's result is not shown: too few answers to stay anonymous. */
  function buildWithheld(sec, step, res) {
    const head = el('div', { class: 'step-head' });
    head.appendChild(resultsKicker(step));
    head.appendChild(el('h1', { class: 'step-title' }, loc(step.title)));
    sec.appendChild(head);
    const k = minAnswers();
    const card = el('div', { class: 'card withheld', 'data-testid': 'withheld', 'data-k': String(k), 'data-total': String(num(res.total)) });
    card.appendChild(el('div', { class: 'message-icon', 'aria-hidden': 'true' }, '\u25CC'));
    card.appendChild(el('p', { class: 'withheld-title' }, t('withheldTitle')));
    if (k > 0) card.appendChild(el('p', { class: 'message-sub' }, t('withheldSub', { k })));
    sec.appendChild(card);
  }

  function legend() {
    const lg = el('ul', { class: 'legend', 'data-testid': 'legend' });
    for (const v of ['green', 'orange', 'red', 'pass']) {
      const li = el('li', { class: 'legend-item lg-' + v });
      li.appendChild(el('span', { class: 'swatch sw-' + v, 'aria-hidden': 'true' }, ICON[v]));
      li.appendChild(el('span', null, v === 'pass' ? t('passCount') : t(v)));
      lg.appendChild(li);
    }
    return lg;
  }

  function buildResults(step, res) {
    const sec = el('section', { class: 'results results-' + kindOf(step), 'data-testid': 'results', 'data-kind': kindOf(step) });
    if (res.withheld === true) { sec.setAttribute('data-withheld', 'true'); buildWithheld(sec, step, res); return sec; }
    switch (kindOf(step)) {
      case 'scale': buildScaleResults(sec, step, res); break;
      case 'choice': buildChoiceResults(sec, step, res); break;
      case 'image_choice': buildImageResults(sec, step, res); break;
      case 'open_text': buildTextResults(sec, step, res); break;
      case 'dot_vote': buildDotResults(sec, step, res); break;
      case 'inventory': buildInventoryResults(sec, step, res); break;
      case 'action_plan': buildActionResults(sec, step, res); break;
      default: buildTrafficResults(sec, step, res); break;
    }
    return sec;
  }

  /** A stacked green/orange/red bar with icons; pass is never a segment. */
  function trafficBar(g, o, rd, p) {
    const sum = g + o + rd;
    const label = t('green') + ' ' + g + ', ' + t('orange') + ' ' + o + ', ' + t('red') + ' ' + rd + ', ' + t('passCount') + ' ' + p;
    const bar = el('div', { class: 'bar' + (sum === 0 ? ' bar-empty' : ''), role: 'img', 'aria-label': label });
    if (sum === 0) {
      bar.appendChild(el('span', { class: 'bar-none' }, p > 0 ? t('allPassed') : t('noAnswers')));
    } else {
      for (const [v, c] of [['green', g], ['orange', o], ['red', rd]]) {
        if (!c) continue;
        const share = c / sum;
        const seg = el('span', { class: 'seg seg-' + v });
        seg.style.flexGrow = String(c);
        seg.style.flexBasis = '0';
        if (share >= 0.16) seg.textContent = ICON[v] + '\u00A0' + c;
        else if (share >= 0.07) seg.textContent = String(c);
        bar.appendChild(seg);
      }
    }
    return bar;
  }

  function trafficCounts(prefix, g, o, rd, p) {
    const counts = el('div', { class: 'counts' });
    for (const [v, c] of [['green', g], ['orange', o], ['red', rd]]) {
      const chip = el('span', { class: 'count count-' + v, 'data-testid': prefix + v, 'data-count': String(c) });
      chip.appendChild(el('span', { class: 'count-icon', 'aria-hidden': 'true' }, ICON[v]));
      chip.appendChild(el('span', { class: 'count-num' }, String(c)));
      chip.appendChild(el('span', { class: 'sr-only' }, t(v)));
      counts.appendChild(chip);
    }
    const pc = el('span', { class: 'count count-pass', 'data-testid': prefix + 'pass', 'data-count': String(p) });
    pc.appendChild(el('span', { class: 'count-word' }, t('passCount') + ':'));
    pc.appendChild(el('span', { class: 'count-num' }, String(p)));
    counts.appendChild(pc);
    return counts;
  }

  function buildTrafficResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, t('resultsOrder')));
    sec.appendChild(legend());
    const byId = new Map();
    for (const it of arr(step.items)) byId.set(it.id, it);
    const list = el('div', { class: 'result-list' });
    for (const r of arr(res.items)) {
      if (!r || typeof r.item !== 'string') continue;
      const it = byId.get(r.item);
      const g = num(r.green), o = num(r.orange), rd = num(r.red), p = num(r.pass);
      const card = el('article', { class: 'card result', 'data-testid': 'result-' + r.item });
      card.appendChild(el('h2', { class: 'item-text' }, it ? loc(it.text) : r.item));
      card.appendChild(trafficBar(g, o, rd, p));
      card.appendChild(trafficCounts('count-' + r.item + '-', g, o, rd, p));
      list.appendChild(card);
    }
    sec.appendChild(list);
  }

  function fmtNum(x) {
    try { return new Intl.NumberFormat(S.lang === 'en' ? 'en-GB' : 'nl-BE', { maximumFractionDigits: 1 }).format(x); } catch (e) { return String(x); }
  }

  function buildScaleResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const { min } = scaleRange(step);
    const lmin = step.labels ? loc(step.labels.min) : '';
    const lmax = step.labels ? loc(step.labels.max) : '';
    const byId = new Map();
    for (const it of arr(step.items)) byId.set(it.id, it);
    const list = el('div', { class: 'result-list' });
    for (const r of arr(res.items)) {
      if (!r || typeof r.item !== 'string') continue;
      const it = byId.get(r.item);
      const counts = arr(r.counts).map(num);
      const top = Math.max(1, ...counts);
      const med = typeof r.median === 'number' ? r.median : null;
      const card = el('article', { class: 'card result', 'data-testid': 'scale-result-' + r.item });
      card.appendChild(el('h2', { class: 'item-text' }, it ? loc(it.text) : r.item));
      const aria = counts.map((c, i) => (min + i) + ': ' + c).join(', ') + '. ' + t('median') + ': ' + (med === null ? '\u2013' : fmtNum(med));
      const none = counts.every((c) => c === 0);
      const chart = el('div', { class: 'dist' + (none ? ' dist-empty' : ''), role: 'img', 'aria-label': aria });
      if (none) chart.appendChild(el('span', { class: 'bar-none' }, num(r.pass) > 0 ? t('allPassed') : t('noAnswers')));
      if (!none) counts.forEach((c, i) => {
        const v = min + i;
        const isMed = med !== null && (v === med || Math.abs(v - med) === 0.5);
        const col = el('div', { class: 'dist-col' + (isMed ? ' is-median' : ''), 'data-testid': 'scale-count-' + r.item + '-' + v, 'data-count': String(c) });
        col.appendChild(el('span', { class: 'dist-num' }, String(c)));
        const track = el('div', { class: 'dist-track' });
        const bar = el('div', { class: 'dist-bar' + (c === 0 ? ' is-zero' : '') });
        bar.style.height = (c === 0 ? 0 : Math.max(6, Math.round((c / top) * 100))) + '%';
        track.appendChild(bar);
        col.appendChild(track);
        col.appendChild(el('span', { class: 'dist-val' }, String(v)));
        chart.appendChild(col);
      });
      if (none) counts.forEach((c, i) => chart.appendChild(el('span', { hidden: true, 'data-testid': 'scale-count-' + r.item + '-' + (min + i), 'data-count': '0' })));
      card.appendChild(chart);
      if ((lmin || lmax) && !none) {
        const ends = el('div', { class: 'scale-ends' });
        ends.appendChild(el('span', null, lmin));
        ends.appendChild(el('span', null, lmax));
        card.appendChild(ends);
      }
      const foot = el('div', { class: 'counts' });
      const m = el('span', { class: 'count median', 'data-testid': 'scale-median-' + r.item, 'data-median': med === null ? '' : String(med) });
      m.appendChild(el('span', { class: 'count-word' }, t('median') + ':'));
      m.appendChild(el('span', { class: 'count-num' }, med === null ? '\u2013' : fmtNum(med)));
      foot.appendChild(m);
      const pc = el('span', { class: 'count count-pass', 'data-testid': 'scale-pass-' + r.item, 'data-count': String(num(r.pass)) });
      pc.appendChild(el('span', { class: 'count-word' }, t('passCount') + ':'));
      pc.appendChild(el('span', { class: 'count-num' }, String(num(r.pass))));
      foot.appendChild(pc);
      card.appendChild(foot);
      list.appendChild(card);
    }
    sec.appendChild(list);
  }

  /** A horizontal bar: width by share, the number always written beside it. */
  function hbar(share, label) {
    const row = el('div', { class: 'hbar-row' });
    const track = el('div', { class: 'hbar', 'aria-hidden': 'true' });
    const fill = el('span', { class: 'hbar-fill' });
    fill.style.width = Math.round(Math.max(0, Math.min(1, share)) * 100) + '%';
    track.appendChild(fill);
    row.appendChild(track);
    row.appendChild(el('span', { class: 'hbar-num' }, label));
    return row;
  }

  function passLine(testid, p) {
    const line = el('p', { class: 'pass-line', 'data-testid': testid, 'data-count': String(p) });
    line.appendChild(el('span', { class: 'count-word' }, t('passCount') + ': '));
    line.appendChild(el('strong', null, String(p)));
    return line;
  }

  function buildChoiceResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const body = buildCaseBody(step, 'case-body-results');
    if (body) {
      const d = el('details', { class: 'case-again' });
      d.appendChild(el('summary', null, t('readCase')));
      d.appendChild(body);
      sec.appendChild(d);
    }
    const opts = arr(res.options);
    const sum = opts.reduce((a, o) => a + num(o.count), 0);
    const top = Math.max(0, ...opts.map((o) => num(o.count)));
    const reasons = arr(res.reasons);
    const list = el('div', { class: 'result-list' });
    for (const r of opts) {
      if (!r || typeof r.option !== 'string') continue;
      const c = num(r.count);
      const card = el('article', { class: 'card result opt-result' + (c && c === top ? ' is-top' : ''), 'data-testid': 'option-result-' + r.option, 'data-count': String(c) });
      card.appendChild(el('h2', { class: 'item-text' }, optText(step.options, r.option)));
      const pct = sum ? Math.round((c / sum) * 100) : 0;
      card.appendChild(hbar(sum ? c / sum : 0, (c === 1 ? t('personOne') : t('personMany', { n: c })) + ' \u00B7 ' + pct + '%'));
      if (c && c === top) card.appendChild(el('p', { class: 'top-tag' }, '\u2605 ' + t('mostChosen')));
      const mine = reasons.filter((x) => x && x.option === r.option && typeof x.text === 'string');
      if (mine.length) {
        card.appendChild(el('p', { class: 'reasons-title' }, t('whyTitle')));
        const ul = el('ul', { class: 'reasons' });
        for (const x of mine) ul.appendChild(el('li', { class: 'reason', 'data-testid': 'reason', 'data-option': r.option }, x.text));
        card.appendChild(ul);
      }
      list.appendChild(card);
    }
    sec.appendChild(list);
    sec.appendChild(passLine('choice-pass-count', num(res.pass)));
  }

  function buildImageResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, t('imagesOrder')));
    const byId = new Map();
    for (const im of arr(step.images)) if (im && typeof im.id === 'string') byId.set(im.id, im);
    const rows = arr(res.images).filter((r) => r && typeof r.image === 'string');
    const chosen = rows.filter((r) => num(r.count) > 0);
    const rest = rows.filter((r) => num(r.count) === 0);
    const grid = el('div', { class: 'img-results' });
    for (const r of chosen) {
      const im = byId.get(r.image);
      const c = num(r.count);
      const topCount = num(chosen[0].count);
      const fig = el('figure', { class: 'card img-result' + (c === topCount ? ' is-top' : ''), 'data-testid': 'image-result-' + r.image, 'data-count': String(c) });
      fig.appendChild(el('img', { src: im && typeof im.url === 'string' ? im.url : '', alt: im ? loc(im.alt) : r.image, loading: 'lazy', width: '512', height: '384' }));
      const cap = el('figcaption', { class: 'img-caption' });
      cap.appendChild(el('span', { class: 'img-count' }, c === 1 ? t('chosenOnce') : t('chosenTimes', { n: c })));
      fig.appendChild(cap);
      const rs = arr(r.reasons).filter((x) => typeof x === 'string');
      if (rs.length) {
        const d = el('details', { class: 'img-reasons', 'data-testid': 'image-reasons-' + r.image });
        d.appendChild(el('summary', null, rs.length === 1 ? t('reasonsOne') : t('reasonsMany', { n: rs.length })));
        const ul = el('ul', { class: 'reasons' });
        for (const x of rs) ul.appendChild(el('li', { class: 'reason', 'data-testid': 'reason' }, x));
        d.appendChild(ul);
        fig.appendChild(d);
      }
      grid.appendChild(fig);
    }
    if (!chosen.length) grid.appendChild(el('p', { class: 'empty-note' }, t('noAnswers')));
    sec.appendChild(grid);
    if (rest.length) {
      const d = el('details', { class: 'not-chosen' });
      d.appendChild(el('summary', null, t('notChosen', { n: rest.length })));
      const g = el('div', { class: 'thumbs' });
      for (const r of rest) {
        const im = byId.get(r.image);
        g.appendChild(el('img', { src: im && typeof im.url === 'string' ? im.url : '', alt: im ? loc(im.alt) : r.image, loading: 'lazy', width: '512', height: '384', 'data-testid': 'image-result-' + r.image, 'data-count': '0' }));
      }
      d.appendChild(g);
      sec.appendChild(d);
    }
    sec.appendChild(passLine('image-pass-count', num(res.pass)));
  }

  function hashStr(s) {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  }

  function buildTextResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const terms = arr(res.terms).filter((x) => x && typeof x.term === 'string' && num(x.count) > 0);
    if (terms.length) {
      sec.appendChild(el('h2', { class: 'section-title' }, t('cloudTitle')));
      const cloud = el('div', { class: 'card cloud', 'data-testid': 'cloud' });
      const counts = terms.map((x) => num(x.count));
      const hi = Math.max(...counts), lo = Math.min(...counts);
      // Mixed order (stable per term), so the big words are not all at the start.
      const order = terms.slice().sort((a, b) => hashStr(a.term) - hashStr(b.term));
      for (const x of order) {
        const c = num(x.count);
        const w = hi === lo ? 0.5 : (c - lo) / (hi - lo);
        const span = el('span', { class: 'term', 'data-testid': 'term', 'data-term': x.term, 'data-count': String(c) });
        span.style.fontSize = (0.95 + w * 1.55).toFixed(2) + 'rem';
        span.style.fontWeight = String(w > 0.66 ? 800 : w > 0.33 ? 700 : 500);
        span.appendChild(el('span', { class: 'term-word' }, x.term));
        span.appendChild(el('span', { class: 'sr-only' }, ' (' + c + ')'));
        cloud.appendChild(span);
      }
      cloud.appendChild(el('p', { class: 'cloud-note' }, t('cloudNote')));
      sec.appendChild(cloud);
    }
    const cards = arr(res.cards).filter((x) => x && typeof x.text === 'string' && !x.hidden);
    sec.appendChild(el('h2', { class: 'section-title' }, t('cardsTitle', { n: cards.length })));
    const list = el('ul', { class: 'text-cards' });
    for (const c of cards) {
      const n = Math.max(1, num(c.count));
      const li = el('li', { class: 'card text-card', 'data-testid': 'text-card', 'data-count': String(n) });
      li.appendChild(el('p', { class: 'text-card-text' }, c.text));
      if (n > 1) li.appendChild(el('span', { class: 'text-card-count' }, t('timesWritten', { n })));
      list.appendChild(li);
    }
    if (!cards.length) list.appendChild(el('li', { class: 'empty-note' }, t('noAnswers')));
    sec.appendChild(list);
  }

  function buildDotResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const voters = num(res.voters);
    sec.appendChild(el('p', { class: 'step-note', 'data-testid': 'voters', 'data-count': String(voters) }, voters === 1 ? t('votersOne') : t('votersMany', { n: voters })));
    const opts = dotOptions(step);
    const rows = arr(res.options).filter((r) => r && typeof r.option === 'string');
    const top = Math.max(1, ...rows.map((r) => num(r.dots)));
    const list = el('ol', { class: 'rank-list' });
    for (const r of rows) {
      const d = num(r.dots);
      const li = el('li', { class: 'card rank-row' + (num(r.rank) === 1 && d > 0 ? ' is-top' : '') + (d === 0 ? ' is-zero' : ''), 'data-testid': 'dot-result-' + r.option, 'data-dots': String(d), 'data-rank': String(num(r.rank)) });
      li.appendChild(el('span', { class: 'rank' }, String(num(r.rank))));
      const main = el('div', { class: 'rank-main' });
      main.appendChild(el('p', { class: 'rank-text' }, optText(opts, r.option)));
      main.appendChild(hbar(d / top, d === 1 ? t('dotOne') : t('dotMany', { n: d })));
      li.appendChild(main);
      list.appendChild(li);
    }
    sec.appendChild(list);
  }

  function buildInventoryResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const m = res.matrix && typeof res.matrix === 'object' ? res.matrix : {};
    const kinds = arr(m.kinds), groups = arr(m.groups), counts = arr(m.counts);
    const entriesList = arr(res.entries).filter((e) => e && !e.hidden);
    if (kinds.length && groups.length) {
      sec.appendChild(el('h2', { class: 'section-title' }, t('matrixTitle')));
      const keyList = el('ol', { class: 'group-key', 'data-testid': 'group-key' });
      groups.forEach((g, j) => {
        const li = el('li');
        li.appendChild(el('span', { class: 'group-letter' }, letter(j)));
        li.appendChild(el('span', null, optText(step.target_groups, g)));
        keyList.appendChild(li);
      });
      sec.appendChild(keyList);
      const wrap = el('div', { class: 'matrix-wrap', tabindex: '0', role: 'region', 'aria-label': t('matrixTitle') });
      const table = el('table', { class: 'matrix', 'data-testid': 'matrix' });
      const thead = el('thead');
      const hr = el('tr');
      groups.forEach((g, j) => hr.appendChild(el('th', { scope: 'col', title: optText(step.target_groups, g), 'aria-label': optText(step.target_groups, g) }, letter(j))));
      thead.appendChild(hr);
      table.appendChild(thead);
      const tbody = el('tbody');
      // Per kind of offer: its name on a line of its own (phones are narrow), then one cell per group.
      kinds.forEach((k, i) => {
        const kt = optText(step.offer_kinds, k);
        const lr = el('tr', { class: 'kind-label-row' });
        lr.appendChild(el('th', { class: 'kind-label', colspan: String(groups.length), scope: 'colgroup' }, shortText(kt)));
        tbody.appendChild(lr);
        const tr = el('tr', { class: 'kind-cells' });
        groups.forEach((g, j) => {
          const c = num(arr(counts[i])[j]);
          const label = shortText(kt) + ' \u00D7 ' + optText(step.target_groups, g) + ': ' + (c ? String(c) : t('gapWord'));
          const td = el('td', { class: c ? 'cell' : 'cell gap', 'data-testid': 'cell-' + k + '-' + g, 'data-count': String(c), 'data-gap': c ? 'false' : 'true', title: label });
          td.appendChild(el('span', { class: 'sr-only' }, label));
          if (c) td.appendChild(el('span', { 'aria-hidden': 'true' }, String(c)));
          else td.appendChild(el('span', { class: 'gap-word', 'aria-hidden': 'true' }, t('gapWord')));
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      wrap.appendChild(table);
      sec.appendChild(wrap);
      const key = el('p', { class: 'matrix-note' });
      key.appendChild(el('span', { class: 'gap-sample', 'aria-hidden': 'true' }, t('gapWord')));
      key.appendChild(el('span', null, ' ' + t('gapExplain')));
      sec.appendChild(key);
      // The sharpest gaps in words: families nobody reaches, kinds nobody named.
      const noGroup = groups.filter((g, j) => kinds.every((k, i) => !num(arr(counts[i])[j])));
      const noKind = kinds.filter((k, i) => groups.every((g, j) => !num(arr(counts[i])[j])));
      if (entriesList.length && noGroup.length) {
        const p = el('p', { class: 'gap-line', 'data-testid': 'gap-groups' });
        p.appendChild(el('strong', null, t('nobodyReaches') + ' '));
        p.appendChild(document.createTextNode(noGroup.map((g) => optText(step.target_groups, g)).join(', ')));
        sec.appendChild(p);
      }
      if (entriesList.length && noKind.length) {
        const p = el('p', { class: 'gap-line', 'data-testid': 'gap-kinds' });
        p.appendChild(el('strong', null, t('kindsMissing') + ' '));
        p.appendChild(document.createTextNode(noKind.map((k) => shortText(optText(step.offer_kinds, k))).join(', ')));
        sec.appendChild(p);
      }
    }
    sec.appendChild(el('h2', { class: 'section-title' }, t('invAllTitle', { n: entriesList.length })));
    const list = el('div', { class: 'result-list' });
    entriesList.forEach((e, i) => list.appendChild(buildEntryCard(step, e, i, false)));
    if (!entriesList.length) list.appendChild(el('p', { class: 'empty-note' }, t('noAnswers')));
    sec.appendChild(list);
  }
  function letter(j) { return j < 26 ? String.fromCharCode(65 + j) : String(j + 1); }

  function buildActionResults(sec, step, res) {
    sec.appendChild(resultsHead(step, res, ''));
    const acts = arr(res.actions).filter((a) => a && !a.hidden && typeof a.what === 'string');
    sec.appendChild(el('h2', { class: 'section-title' }, t('actAllTitle', { n: acts.length })));
    const list = el('div', { class: 'result-list' });
    acts.forEach((a, i) => list.appendChild(buildEntryCard(step, a, i, false)));
    if (!acts.length) list.appendChild(el('p', { class: 'empty-note' }, t('noAnswers')));
    sec.appendChild(list);
  }

  // ---- the reflection summary: per theme its colours, a verdict in words, the next building block
  /** Titles of the building blocks: from the agenda (session.blocks), else from a dot vote over the
   *  blocks (its options carry the same ids and titles). */
  function blockTitles() {
    const m = new Map();
    const session = S.welcome && S.welcome.session;
    for (const st of arr(session && session.steps)) {
      if (kindOf(st) !== 'dot_vote') continue;
      for (const o of dotOptions(st)) if (o && typeof o.id === 'string' && o.text) m.set(o.id, o.text);
    }
    for (const b of arr(session && session.blocks)) if (b && typeof b.id === 'string' && b.title) m.set(b.id, b.title);
    return m;
  }
  function readableId(id) {
    const s = String(id || '').replace(/-/g, ' ').trim();
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
  }
  const VERDICT_ICON = { solid: '\u2713', work_first: '\u25B2', mixed: '\u25D0' };
  function renderSummary() {
    const box = $('summary-area');
    if (!box) return;
    const sum = S.view && Array.isArray(S.view.summary) ? S.view.summary.filter((x) => x && typeof x.step === 'string') : [];
    const sig = sum.length ? S.lang + JSON.stringify(sum) + JSON.stringify([...blockTitles().keys()]) : '';
    if (box.getAttribute('data-sig') === sig) return;
    box.setAttribute('data-sig', sig);
    if (!sum.length) { box.replaceChildren(); return; }
    const blocks = blockTitles();
    const det = el('details', { class: 'card summary', 'data-testid': 'summary' });
    det.open = S.summaryOpen;
    det.addEventListener('toggle', () => { S.summaryOpen = det.open; });
    det.appendChild(el('summary', { class: 'summary-title' }, t('summaryTitle')));
    det.appendChild(el('p', { class: 'results-order' }, t('summaryIntro')));
    const list = el('div', { class: 'summary-list' });
    for (const e of sum) {
      const step = stepById(e.step);
      const v = ['solid', 'work_first', 'mixed'].includes(e.verdict) ? e.verdict : 'mixed';
      const row = el('article', { class: 'sum-row verdict-' + v, 'data-testid': 'summary-' + e.step, 'data-verdict': v });
      row.appendChild(el('h3', { class: 'sum-title' }, step ? loc(step.title) : e.step));
      const g = num(e.green), o = num(e.orange), rd = num(e.red), p = num(e.pass);
      row.appendChild(trafficBar(g, o, rd, p));
      row.appendChild(trafficCounts('sum-' + e.step + '-', g, o, rd, p));
      const vp = el('p', { class: 'verdict', 'data-testid': 'verdict-' + e.step });
      vp.appendChild(el('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, VERDICT_ICON[v]));
      vp.appendChild(el('span', null, t('verdict_' + v)));
      row.appendChild(vp);
      const next = arr(e.next).map((id) => (blocks.has(id) ? loc(blocks.get(id)) : readableId(id))).filter(Boolean);
      if (next.length) {
        const np = el('p', { class: 'next-block', 'data-testid': 'next-' + e.step });
        np.appendChild(el('span', { class: 'count-word' }, (next.length === 1 ? t('nextBlock') : t('nextBlocks')) + ' '));
        np.appendChild(el('strong', null, next.join(' \u00B7 ')));
        row.appendChild(np);
      }
      list.appendChild(row);
    }
    det.appendChild(list);
    box.replaceChildren(det);
  }

  // ---------------------------------------------------------------- running the room
  /** Paused: a calm screen over the step; the step below takes no taps and is hidden from
   *  screen readers until the facilitator resumes. */
  function renderPause() {
    const paused = isPaused();
    const screen = $('pause-screen');
    if (screen.hidden === !paused) return;
    screen.hidden = !paused;
    const area = $('step-area');
    area.inert = paused;
    if (paused) area.setAttribute('aria-hidden', 'true');
    else area.removeAttribute('aria-hidden');
    $('step-wrap').classList.toggle('is-paused', paused);
    // Focus left the step (it is inert now): put it on the pause title, so screen readers say it.
    if (paused) { try { $('pause-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
  }

  // ---- follow: "bring everyone here" notice, and the list of open steps when follow is off
  function showFollowNotice(stepId) {
    S.followNotice = { step: stepId, until: Date.now() + FOLLOW_NOTICE_MS };
    clearTimeout(S.followNoticeTimer);
    S.followNoticeTimer = setTimeout(() => { S.followNotice = null; renderFollowNotice(); }, FOLLOW_NOTICE_MS);
    window.scrollTo(0, 0); // the notice and the new step start at the top
  }
  function renderFollowNotice() {
    const n = $('follow-notice');
    const f = S.followNotice;
    const step = f && Date.now() < f.until ? stepById(f.step) : null;
    const text = step ? t('broughtHere', { title: loc(step.title) }) : '';
    n.hidden = !text;
    if (n.textContent !== text) n.textContent = text;
  }

  /** Open steps in agenda order (a locked step is closed, so never listed). */
  function openStepIds() {
    const out = [];
    for (const step of arr(S.welcome && S.welcome.session.steps)) {
      const st = step ? stepState(step.id) : null;
      if (st && st.phase === 'open' && !st.locked) out.push(step.id);
    }
    return out;
  }

  function buildStepList() {
    const box = el('section', { class: 'step-list', 'data-testid': 'step-list' });
    const head = el('div', { class: 'step-head' });
    head.appendChild(el('h1', { class: 'step-title' }, t('listTitle')));
    head.appendChild(el('p', { class: 'step-prompt' }, t('listSub')));
    box.appendChild(head);
    const ids = openStepIds();
    if (!ids.length) {
      box.appendChild(buildMessage('list-empty', '\u25CC', t('listEmpty'), t('waitingSub')));
      return box;
    }
    const list = el('ul', { class: 'list-steps' });
    for (const id of ids) {
      const step = stepById(id);
      const now = id === S.view.current;
      const b = el('button', { type: 'button', class: 'list-step' + (now ? ' is-current' : ''), 'data-testid': 'pick-' + id,
                               'aria-current': now ? 'step' : null });
      b.appendChild(el('span', { class: 'list-step-title' }, loc(step.title)));
      if (now) b.appendChild(el('span', { class: 'badge badge-now', 'data-testid': 'pick-now' }, t('listNow')));
      b.appendChild(el('span', { class: 'list-step-go', 'aria-hidden': 'true' }, '\u203A'));
      b.addEventListener('click', () => pickStep(id));
      const li = el('li');
      li.appendChild(b);
      list.appendChild(li);
    }
    box.appendChild(list);
    return box;
  }

  function pickStep(id) {
    flushCommentTimers();
    S.picked = id;
    render();
    window.scrollTo(0, 0);
  }

  // ---- the timer: a countdown against the server's clock
  let timerTick = 0;
  function stopTimerTick() { clearInterval(timerTick); timerTick = 0; }

  /** The running timer of the step on screen: its key and the whole seconds left (0: time is up). */
  function timerState() {
    const tm = S.view && S.view.timer;
    const step = currentStep();
    if (!tm || typeof tm !== 'object' || !step || tm.step !== step.id || typeof tm.ends_at !== 'number') return null;
    if (!following() && !S.picked) return null;
    const left = tm.ended ? 0 : Math.max(0, tm.ends_at - (Date.now() + S.clockOffset));
    return { key: tm.step + '|' + tm.ends_at, secs: Math.ceil(left / 1000) };
  }

  function mmss(secs) {
    const m = Math.floor(secs / 60), r = secs % 60;
    return String(m).padStart(2, '0') + ':' + String(r).padStart(2, '0');
  }

  function renderTimer() {
    const box = $('timer');
    const ts = timerState();
    if (!ts) { box.hidden = true; stopTimerTick(); return; }
    box.hidden = false;
    const time = $('timer-time');
    const text = ts.secs > 0 ? mmss(ts.secs) : t('timeUp');
    if (time.textContent !== text) time.textContent = text;
    time.setAttribute('data-remaining', String(ts.secs));
    box.classList.toggle('is-ending', ts.secs > 0 && ts.secs <= 10);
    box.classList.toggle('is-up', ts.secs === 0);
    announceTimer(ts);
    if (ts.secs > 0 && !timerTick) timerTick = setInterval(renderTimer, 250);
    else if (ts.secs === 0) stopTimerTick();
  }

  /** Screen readers hear the time left at most once a minute (the visible countdown is silent),
   *  and "time is up" once when it ends. */
  function announceTimer(ts) {
    const a = S.announced;
    const now = Date.now();
    const calm = now - a.at >= 60000;
    if (a.key !== ts.key) {
      a.key = ts.key;
      a.up = false;
      a.minute = Math.ceil(ts.secs / 60);
      if (ts.secs > 0 && calm) say(ts.secs < 60 ? t('timerSeconds', { n: ts.secs }) : minutesLeft(Math.round(ts.secs / 60)));
    }
    if (ts.secs === 0) {
      if (!a.up) { a.up = true; say(t('timeUp')); }
      return;
    }
    const minute = Math.ceil(ts.secs / 60);
    if (minute < a.minute) {
      a.minute = minute;
      if (now - a.at >= 60000) say(minutesLeft(minute));
    }
  }
  const minutesLeft = (n) => (n === 1 ? t('timerMinute') : t('timerMinutes', { n }));
  function say(text) {
    S.announced.at = Date.now();
    $('timer-announce').textContent = text;
  }

  // ---- removed by the facilitator: a final screen, the token for this code forgotten
  function onRemoved() {
    const code = S.code;
    S.wantJoin = false;
    clearTimers();
    dropSocket();
    for (const tm of S.commentTimers.values()) clearTimeout(tm);
    S.commentTimers.clear();
    store.del(tokenKey(code));
    store.del(pendingKey(code));
    try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ }
    resetSession();
    $('join-screen').hidden = true;
    $('session-screen').hidden = true;
    $('removed-screen').hidden = false;
    updateBanner();
    try { $('removed-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ }
  }

  // ---- what the join screen says about storage: from the server's /healthz
  function loadHealth() {
    if (!window.fetch) { S.health = {}; renderNotice(); return; }
    window.fetch('/healthz', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : {}))
      .then((j) => { S.health = j && typeof j === 'object' ? j : {}; renderNotice(); })
      .catch(() => { S.health = {}; renderNotice(); });
  }

  function renderNotice() {
    const keep = $('notice-keep');
    const h = S.health;
    const days = h && Number.isInteger(h.retention_days) && h.retention_days >= 0 ? h.retention_days : null;
    let text = '';
    if (h) text = days === null ? t('noticeKeepUnknown') : days === 0 ? t('noticeKeepForever')
      : days === 1 ? t('noticeKeepDay') : t('noticeKeepDays', { n: days });
    keep.textContent = text;
    keep.setAttribute('data-days', days === null ? '' : String(days));
    const kn = $('notice-k');
    const k = h && Number.isInteger(h.min_answers) && h.min_answers > 0 ? h.min_answers : 0;
    kn.hidden = !k;
    kn.textContent = k ? t('noticeThreshold', { k }) : '';
    kn.setAttribute('data-k', String(k));
    $('notice-anon').textContent = k ? t('noticeAnonK', { k }) : t('noticeAnon');
  }

  // ---------------------------------------------------------------- wiring
  function setLang(lang) {
    if (lang !== 'nl' && lang !== 'en') return;
    if (lang === S.lang) return;
    S.lang = lang;
    store.set('kring.lang', lang);
    applyStaticText();
    S.renderedKey = '';
    if (S.welcome) render();
  }

  function init() {
    applyStaticText();
    for (const b of document.querySelectorAll('.lang-btn')) {
      b.addEventListener('click', () => { flushCommentTimers(); setLang(b.getAttribute('data-lang')); });
    }

    const codeIn = $('join-code');
    const nameIn = $('join-name');
    codeIn.addEventListener('input', () => {
      const pos = codeIn.selectionStart;
      const up = codeIn.value.toUpperCase();
      if (up !== codeIn.value) {
        codeIn.value = up;
        try { codeIn.setSelectionRange(pos, pos); } catch (e) { /* ignore */ }
      }
      if (S.wantJoin && !S.everJoined) {
        // Still trying to join: editing the code cancels that attempt.
        S.wantJoin = false; clearTimers(); dropSocket(); attempt = 0; showJoin();
      }
      if (S.joinError) { S.joinError = ''; renderJoinError(); }
    });
    $('join-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (S.wantJoin) return;
      const code = normalizeCode(codeIn.value);
      if (!code) { S.joinError = 'codeMissing'; renderJoinError(); codeIn.focus(); return; }
      codeIn.value = code;
      const name = nameIn.value.trim().slice(0, 40);
      startJoin(code, name);
    });
    $('leave-button').addEventListener('click', () => { flushCommentTimers(); leave(); });
    $('step-list-back').addEventListener('click', () => pickStep(''));
    loadHealth();

    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
        flushCommentTimers();
        return;
      }
      const slept = hiddenAt && Date.now() - hiddenAt > 3000;
      hiddenAt = 0;
      if (!S.wantJoin) return;
      if (!ws || ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) reconnectNow();
      else if (slept) checkAlive();
    });
    window.addEventListener('online', () => {
      if (!S.wantJoin) return;
      if (!ws || ws.readyState !== WebSocket.OPEN) { dropSocket(); reconnectNow(); }
      else checkAlive();
    });
    window.addEventListener('pagehide', flushCommentTimers);

    // Pre-fill from ?code=…; come straight back into a session this browser already joined.
    let urlCode = '';
    try { urlCode = normalizeCode(new URL(window.location.href).searchParams.get('code') || ''); } catch (e) { urlCode = ''; }
    if (urlCode) codeIn.value = urlCode;
    let active = '';
    try { active = sessionStorage.getItem('kring.active') || ''; } catch (e) { active = ''; }
    const resumeCode = urlCode || active;
    if (resumeCode && store.get(tokenKey(resumeCode))) {
      codeIn.value = resumeCode;
      showJoin();
      startJoin(resumeCode, '');
    } else {
      showJoin();
      if (!urlCode) codeIn.focus();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
