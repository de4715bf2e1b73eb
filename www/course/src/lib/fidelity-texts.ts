// The fidelity page's prose in Russian and English: what each widget's model covers and what
// it simplifies, each simplification with the fact it departs from. Written from the models'
// module docs — crates/wal-model/src/lib.rs ("Simplifications") and
// crates/scaling-model/src/lib.rs ("Simplifications", "Facts followed") — in the same order
// and with the same numbers; tests/course/fidelity.test.mjs checks the counts still match, so a
// new simplification in a crate fails the test until it is described here. The measured
// numbers are NOT here: the page renders them from src/data/fidelity/wal-model.json.
// Mini-markup: `code` and **bold** (see inline() in components/Fidelity.astro).

export type Lang = "ru" | "en";

export interface Simplification {
  title: string;
  /** What the model does. */
  model: string;
  /** The fact (or real behaviour) it departs from. */
  fact: string;
  /** What the difference means for a reader of the widget. */
  effect?: string;
}

export interface FidelityTexts {
  title: string;
  description: string;
  lead: string;
  otherLang: { label: string; href: string; hreflang: Lang };
  contents: string;
  why: string;
  labels: { model: string; fact: string; effect: string };
  wal: {
    heading: string;
    models: string;
    exact: string[];
    exactHeading: string;
    simplHeading: string;
    simplifications: Simplification[];
    measuredHeading: string;
    measuredIntro: string;
  };
  scaling: {
    heading: string;
    models: string;
    parts: string[];
    assumptionsHeading: string;
    assumptions: string[];
    factsHeading: string;
    facts: string[];
    simplHeading: string;
    simplifications: Simplification[];
    measuredHeading: string;
    measured: string;
  };
}

const ru: FidelityTexts = {
  title: "Насколько точны модели виджетов",
  description:
    "Что моделируют симулятор WAL и калькулятор масштабирования курса, что они упрощают и почему, и насколько модель WAL совпала с настоящим PostgreSQL 15.",
  lead:
    "Виджеты курса не подключаются к базе: они считают по моделям. Здесь для каждого виджета — что модель описывает, где она сознательно упрощает и с каким фактом расходится, и что показало сравнение с настоящим сервером.",
  otherLang: { label: "This page in English", href: "en/fidelity/", hreflang: "en" },
  contents: "Содержание",
  why:
    "Модели чистые и детерминированные: одни и те же параметры дают тот же результат, пересчёт в браузере занимает миллисекунды. Ради этого они опускают детали, которые в уроках ничего не меняют. Каждое упрощение ниже названо вместе с фактом, от которого оно отступает.",
  labels: { model: "Модель", fact: "В реальности", effect: "Что это значит" },
  wal: {
    heading: "Симулятор WAL, слота и heartbeat",
    models:
      "Симулятор урока 05 моделирует кластер PostgreSQL, который пишет WAL по расписанию нагрузки. Логические слоты репликации удерживают WAL, пока коннектор Debezium не подтвердит LSN; контрольные точки удаляют то, что не нужно ни одному слоту; `max_slot_wal_keep_size` делает отставшие слоты недействительными; заполненный том `pg_wal` останавливает сервер. Модель показывает то, что увидел бы DBA: строку `pg_replication_slots`, размер `pg_wal`, журнал событий, оповещения и прогнозы.",
    exactHeading: "Что следует PostgreSQL и Debezium точно",
    exact: [
      "`wal_status`, `safe_wal_size`, `KeepLogSeg`, удаление WAL и потеря слота при контрольной точке, `CheckPointSegments`, переиспользование сегментов (`XLOGfileslop`) — целыми сегментами, как в PostgreSQL 13 и новее.",
      "`restart_lsn` переходит только на запись running-xacts (bgwriter раз в 15 с, если WAL писали; каждая контрольная точка; создание слота), когда до неё дошла `confirmed_flush_lsn`, по одному кандидату за раз.",
      "Логическое декодирование работает по базе: запись в другой базе до потребителя слота не доходит.",
      "Debezium подтверждает LSN только при фиксации смещений (`offset.flush.interval.ms`) — LSN самой новой записи: изменения, логического сообщения или heartbeat; `lsnFlushingAllowed` (2.0+), до 2.4 heartbeat не отправляется до первого сообщения после старта (DBZ-6635), `lsn.flush.mode=connector_and_driver` (3.4+).",
      "`pg_logical_emit_message` доходит до потребителей `pgoutput` только в PostgreSQL 14 и новее.",
      "Ошибки `heartbeat.action.query`: `57P01`/`42P01` до Debezium 2.0 переводят задачу в FAILED, с 2.0 — перезапуск через `retriable.restart.connector.wait.ms`; `57P03` повторяется; остальные коды только пишутся в журнал.",
      "Заполненный том `pg_wal` — PANIC, сервер останавливается (авария, а не режим только для чтения).",
    ],
    simplHeading: "Что упрощено",
    simplifications: [
      {
        title: "WAL — непрерывный поток",
        model: "У потока с положительной скоростью запись есть в каждый момент, поэтому самое новое изменение до момента t — в самом t. Heartbeat-сообщения, записи running-xacts и контрольных точек места в WAL не занимают.",
        fact: "записи дискретны, у каждой свой LSN; эти служебные записи занимают десятки байт каждая.",
        effect: "размеры расходятся на размер этих записей (см. сравнение с сервером ниже); теряется крошечный эффект «heartbeat делает простаивающий кластер непростаивающим».",
      },
      {
        title: "Позиции вставки, записи и сброса совпадают",
        model: "одна кривая для всех трёх позиций.",
        fact: "`wal_status` считается от позиции записи, `pg_current_wal_lsn()` — позиция вставки.",
        effect: "разница меньше одной страницы WAL.",
      },
      {
        title: "Кандидаты running-xacts без открытых транзакций",
        model: "кандидат в `restart_lsn` — LSN самой записи running-xacts.",
        fact: "при открытой долгой транзакции кандидат — начало этой транзакции, и слот держит WAL дальше назад.",
        effect: "с долгой транзакцией настоящий слот удерживает больше WAL, чем показывает симулятор.",
      },
      {
        title: "Растянутые контрольные точки",
        model: "контрольная точка заканчивается через `checkpoint_completion_target` × `checkpoint_timeout` или раньше, когда записана эта доля `CheckPointSegments`; `CHECKPOINT` мгновенна. Всплески полных образов страниц после контрольной точки не моделируются.",
        fact: "темп задаёт число грязных буферов; при пустом буферном кеше контрольная точка заканчивается сразу.",
        effect: "сравнение с сервером ниже идёт с `checkpoint_completion_target = 0` и растянутые контрольные точки не проверяет.",
      },
      {
        title: "Kafka подтверждает запись сразу",
        model: "`poll()` после фиксации смещений выполняется сразу; накопившиеся после перезапуска изменения читаются мгновенно.",
        fact: "следующий `poll()` бывает в пределах `poll.interval.ms` (500 мс).",
        effect: "подтверждение в модели приходит до полсекунды раньше.",
      },
      {
        title: "Heartbeat точно по сетке",
        model: "heartbeat в моменты «старт + k·`heartbeat.interval.ms`» (до 2.4 — от первого сообщения); изменение настроек heartbeat перезапускает задачу.",
        fact: "Debezium отправляет heartbeat, когда интервал истёк и цикл чтения дошёл до проверки, — не строго по сетке.",
      },
      {
        title: "`connector_and_driver` подтверждает LSN сервера при фиксации смещений",
        model: "при каждой фиксации смещений подтверждается текущий LSN сервера.",
        fact: "подтверждается LSN из keep-alive после последних подтверждённых данных, раз в `status.update.interval.ms`.",
      },
      {
        title: "Потерянный слот на Debezium 2.0+",
        model: "показывается как FAILED.",
        fact: "задача повторяет попытки без конца, и каждая падает с `can no longer get changes from replication slot`.",
      },
      {
        title: "`decoderbufs` и логические сообщения",
        model: "считается, что сообщения не доставляются.",
        fact: "источника, который подтверждал бы то или другое, нет (UNSOURCED).",
      },
      {
        title: "Файлы `pg_wal`",
        model: "переиспользование сегментов по `XLOGfileslop`, каждая контрольная точка заранее создаёт следующий сегмент, если закончилась не раньше 75 % текущего (`PreallocXlogFiles`); новый кластер начинает с одного файла сегмента.",
        fact: "файлы, созданные `initdb`, модель не знает.",
        effect: "после первой контрольной точки `pg_wal` совпадает с сервером в пределах сегмента (см. сравнение ниже).",
      },
      {
        title: "Heartbeat-сообщения без WAL",
        model: "раз сообщение не занимает места (упрощение 1), «получено после подтверждённой позиции» решает время: сообщение, отправленное, пока коннектор читает поток, — новое; отправленное, пока он остановлен, повторно не доставляется.",
        fact: "решает LSN сообщения относительно подтверждённой позиции.",
      },
      {
        title: "Без снимка",
        model: "коннектор, не нашедший свой слот, создаёт его заново, а журнал событий сообщает о разрыве данных.",
        fact: "Debezium поступает по `snapshot.mode`; это разбирается в учениях урока 07.",
      },
      {
        title: "Без `catalog_xmin` и `xmin`",
        model: "строка `pg_replication_slots` их не содержит.",
        fact: "логический слот держит `catalog_xmin`, и vacuum системного каталога не может убрать более новые версии строк.",
      },
    ],
    measuredHeading: "Сравнение с настоящим PostgreSQL",
    measuredIntro:
      "Тест `crates/pg-check/tests/model_vs_server.rs` запускает временные кластеры PostgreSQL, проводит каждый сценарий по шагам (запись WAL, `CHECKPOINT`, потребитель слота, heartbeat в нужной или чужой базе), после каждого шага читает `pg_replication_slots` и `pg_ls_waldir()`, затем проигрывает те же шаги с измеренными объёмами WAL через модель и сравнивает. Тест падает, если `wal_status` разошёлся хотя бы на одном шаге, слот потерян на разных шагах или размеры разошлись на сегмент и больше. Числа ниже взяты из вывода последнего прогона этого теста, а не набраны вручную.",
  },
  scaling: {
    heading: "Калькулятор масштабирования коннекторов",
    models:
      "Калькулятор урока 06 — модель пропускной способности цепочки Debezium → Kafka Connect → Kafka → потребители. По нагрузке и настройкам он находит узкое место, считает отставание во времени, задержку и сколько WAL удерживает отставший слот.",
    parts: [
      "**Источник**: события изменения в секунду по всему серверу (ровно, по суточному профилю или всплеском), разделённые на наборы таблиц со своей долей событий, размером записи Kafka и объёмом WAL на изменение.",
      "**Коннекторы**: у каждого свои наборы таблиц, `topic.prefix`, слот и публикация; каждая работающая задача — отдельный путь со своей долей событий.",
      "**Декодирование**: каждый слот декодирует свой walsender, читающий весь WAL своей базы, какие бы таблицы ни были в публикации.",
      "**Задача**: поток чтения Debezium наполняет очередь (`max.queue.size`, `max.queue.size.in.bytes`), поток Kafka Connect забирает пакеты до `max.batch.size` (ждёт не дольше `poll.interval.ms`), смещения фиксируются раз в `offset.flush.interval.ms`.",
      "**Kafka**: общий предел записи в байтах в секунду. **Потребители**: партиции, доля горячего ключа, группа потребителей и их скорость.",
    ],
    assumptionsHeading: "Допущения, а не измерения",
    assumptions: [
      "«Около 7 000 событий/с на один коннектор» не имеет первоисточника (ближайшее — бенчмарк вендора, около 6 000 операций/с на MSK Connect). В модели это настраиваемый параметр калибровки, и каждый отчёт калькулятора говорит, что это допущение.",
      "Скорость walsender и общий бюджет декодирования сервера — тоже допущения: измерений того, что N коннекторов на одной базе дают N-кратную работу декодирования, нет.",
      "Калькулятор не сверялся с работающим Kafka Connect: его числа — следствия формул и этих допущений. Сравнение с сервером на этой странице относится только к модели WAL.",
    ],
    factsHeading: "Что следует фактам",
    facts: [
      "Коннектор PostgreSQL запускает ровно одну задачу при любом `tasks.max`; SQL Server — `min(tasks.max, число баз в database.names)` начиная с Debezium 1.9; MongoDB — `min(tasks.max, реплик-сетов или шардов)` до 2.5 и одну задачу с 2.6.",
      "Значения по умолчанию: `max.queue.size` 8192, `max.batch.size` 2048 (очередь должна быть больше пакета), `poll.interval.ms` 500 (с Debezium 3.7 не больше 5000), `max.queue.size.in.bytes` 0, `offset.flush.interval.ms` 60 000; LSN подтверждается после фиксации смещений.",
      "Масштабирование — несколько коннекторов, у каждого свой слот, публикация, список таблиц и префикс топиков; ключ записи — первичный ключ, партиция — `murmur2(ключ) % число_партиций`, порядок сохраняется по ключу.",
    ],
    simplHeading: "Что упрощено",
    simplifications: [
      {
        title: "WAL чужих баз пропускается бесплатно",
        model: "каждому слоту засчитывается только WAL его базы.",
        fact: "walsender читает и декодирует весь WAL; стоимость чтения записей других баз не учитывается.",
      },
      {
        title: "Бюджет декодирования делится поровну",
        model: "бюджет сервера делится между слотами поровну (точно, когда все слоты на одной базе — случай урока).",
        fact: "скорость walsender и бюджет — допущения, а не измерения.",
      },
      {
        title: "Базы раздаются задачам по кругу",
        model: "база i достаётся задаче i mod число_задач (SQL Server, MongoDB).",
        fact: "число задач известно, а как Debezium распределяет базы между ними — нет.",
      },
      {
        title: "Стоимость задачи линейна",
        model: "стоимость линейна по размеру события и числу пакетов; конвертеры, SMT, обновления схемы и настройки продюсера входят в калибровку.",
        fact: "ручки настройки известны, данных о стоимости нет.",
      },
      {
        title: "Kafka — один предел записи",
        model: "общий предел в байтах в секунду на весь кластер; время подтверждения продюсеру считается нулевым.",
        fact: "у брокеров есть пределы на партицию, репликация и задержка `acks`.",
      },
      {
        title: "Ключи, кроме горячего, распределены равномерно",
        model: "`murmur2` по многим ключам; горячая партиция у потребителя с наибольшим числом партиций (худший случай, как у range assignor для партиции 0); все топики изменений — один топик с `kafka.partitions` партициями и одной группой.",
        fact: "Debezium пишет по топику на таблицу, и распределение ключей у каждой таблицы своё.",
      },
      {
        title: "Потребители не тормозят коннекторы",
        model: "отставание потребителей копится в Kafka, а не в WAL; пределы записи Kafka коннекторы тормозят (продюсер блокируется).",
        fact: "так и есть в Kafka; упрощение в том, что обратное давление на запись сведено к одному пределу.",
      },
      {
        title: "Цепочка подтверждения LSN — одно число",
        model: "задержка `offset_commit_ms` и базовый уровень здорового слота «скорость WAL × (`offset.flush.interval.ms` + 15 с)».",
        fact: "LSN подтверждается после фиксации смещений при следующем `poll()`; подробно эту цепочку считает симулятор WAL.",
      },
      {
        title: "Цикл `poll` возвращает пакет, когда он полон или истёк `poll.interval.ms`",
        model: "так устроен `ChangeEventQueue.poll` в Debezium.",
        fact: "в справке фактов курса этого нет; поведение взято из кода Debezium.",
      },
      {
        title: "Отставание непрерывно",
        model: "дробные события, в отчёте округлены до целых; возраст отставания по нескольким путям считается так, будто общий поток сохраняет порядок источника.",
        fact: "события дискретны, порядок между путями не гарантирован.",
      },
      {
        title: "Конфигурации — в текущих именах ключей",
        model: "`topic.prefix` (Debezium 2.0+), `mongodb.connection.string` (модель MongoDB — с Debezium 2.2); пароль — ссылка `${file:...}` для FileConfigProvider.",
        fact: "у старых версий Debezium другие имена ключей.",
      },
    ],
    measuredHeading: "Проверка",
    measured:
      "Формулы проверяются тестами самой модели (`crates/scaling-model`; `crates/widget-core/tests/scaling_steps.rs` пересчитывает каждое число, названное в пошаговом сценарии калькулятора), но не измерениями на работающем Kafka Connect.",
  },
};

const en: FidelityTexts = {
  title: "How faithful the widgets' models are",
  description:
    "What the course's WAL simulator and scaling calculator model, what they simplify and why, and how closely the WAL model matched a real PostgreSQL 15.",
  lead:
    "The course's widgets do not connect to a database: they compute from models. For each widget, this page says what its model covers, where it deliberately simplifies and which fact it departs from, and what a comparison with a real server showed.",
  otherLang: { label: "Эта страница по-русски", href: "fidelity/", hreflang: "ru" },
  contents: "Contents",
  why:
    "The models are pure and deterministic: the same parameters give the same result, recomputed in the browser in milliseconds. To get there they leave out details that change nothing in the lessons. Each simplification below is named together with the fact it departs from.",
  labels: { model: "Model", fact: "In reality", effect: "What it means" },
  wal: {
    heading: "The WAL, slot and heartbeat simulator",
    models:
      "Lesson 05's simulator models a PostgreSQL cluster writing WAL from a workload schedule. Logical replication slots keep WAL until their Debezium connector confirms an LSN; checkpoints remove what no slot needs; `max_slot_wal_keep_size` invalidates slots that fall too far behind; a full `pg_wal` volume stops the server. It shows what a DBA would see: the `pg_replication_slots` row, the `pg_wal` size, an event log, alerts and ETAs.",
    exactHeading: "What follows PostgreSQL and Debezium exactly",
    exact: [
      "`wal_status`, `safe_wal_size`, `KeepLogSeg`, checkpoint-time removal and invalidation, `CheckPointSegments`, segment recycling (`XLOGfileslop`) — in whole segments, as in PostgreSQL 13 and later.",
      "`restart_lsn` moves only to a running-xacts record (bgwriter every 15 s when WAL was written, every checkpoint, slot creation) once `confirmed_flush_lsn` reached it, one candidate at a time.",
      "Logical decoding is per database: writes elsewhere never reach a slot's consumer.",
      "Debezium confirms an LSN only at offset commits (`offset.flush.interval.ms`) — the newest record's: a change, a logical message or a heartbeat; `lsnFlushingAllowed` (2.0+), before 2.4 no heartbeat until the first message after a start (DBZ-6635), `lsn.flush.mode=connector_and_driver` (3.4+).",
      "`pg_logical_emit_message` reaches `pgoutput` consumers only on PostgreSQL 14 and later.",
      "Failing `heartbeat.action.query`: `57P01`/`42P01` fail the task before Debezium 2.0 and restart it after `retriable.restart.connector.wait.ms` on 2.0+; `57P03` is retried; other SQLSTATEs are logged.",
      "A full `pg_wal` volume: PANIC, the server stops (an outage, not read-only).",
    ],
    simplHeading: "What is simplified",
    simplifications: [
      {
        title: "WAL is a fluid",
        model: "a stream with a positive rate has a record at every instant, so the newest change before time t is at t. Heartbeat messages, running-xacts and checkpoint records take no WAL space.",
        fact: "records are discrete, each with its own LSN; those records take tens of bytes each.",
        effect: "sizes differ by the size of those records (see the server comparison below); the tiny “a heartbeat makes an idle cluster non-idle” effect is lost.",
      },
      {
        title: "Insert = write = flush position",
        model: "one curve for all three positions.",
        fact: "`wal_status` uses the write position, `pg_current_wal_lsn()` the insert position.",
        effect: "the difference is below one WAL page.",
      },
      {
        title: "Running-xacts candidates have no open transactions",
        model: "the candidate `restart_lsn` is the running-xacts record's own LSN.",
        fact: "with a long transaction open it is that transaction's start, pinning WAL further back.",
        effect: "with a long transaction a real slot retains more WAL than the simulator shows.",
      },
      {
        title: "Spread checkpoints",
        model: "a checkpoint ends at `checkpoint_completion_target` × `checkpoint_timeout`, or earlier when that fraction of `CheckPointSegments` is written; `CHECKPOINT` is immediate. Full-page-image bursts after a checkpoint are not modelled.",
        fact: "pacing follows the dirty buffers; an empty buffer pool finishes at once.",
        effect: "the server comparison below runs with `checkpoint_completion_target = 0` and so does not cover spread checkpoints.",
      },
      {
        title: "Kafka acknowledges at once",
        model: "`poll()` after an offset commit is immediate; the backlog after a restart is read instantly.",
        fact: "the next `poll()` comes within `poll.interval.ms` (500 ms).",
        effect: "the model confirms up to half a second early.",
      },
      {
        title: "Heartbeats on an exact grid",
        model: "beats at start + k·`heartbeat.interval.ms` (before 2.4, from the first message); changing the heartbeat settings restarts the task.",
        fact: "Debezium sends a heartbeat when the interval has expired and its streaming loop reaches the check — not exactly on a grid.",
      },
      {
        title: "`connector_and_driver` flushes the server's LSN at offset commits",
        model: "each offset commit confirms the server's current LSN.",
        fact: "it is the keep-alive LSN after the last data was confirmed, at `status.update.interval.ms`.",
      },
      {
        title: "An invalidated slot on Debezium 2.0+",
        model: "shown as FAILED.",
        fact: "the task retries forever, every attempt failing with `can no longer get changes from replication slot`.",
      },
      {
        title: "`decoderbufs` and logical messages",
        model: "assumed not delivered.",
        fact: "no source says either way (UNSOURCED).",
      },
      {
        title: "`pg_wal` files",
        model: "recycling follows `XLOGfileslop`, every checkpoint preallocates the next segment when it ends at least 75 % into the current one (`PreallocXlogFiles`); a fresh cluster starts with one segment file.",
        fact: "the files `initdb` creates are not modelled.",
        effect: "once the first checkpoint ran, `pg_wal` matches a server within one segment (see the comparison below).",
      },
      {
        title: "Heartbeat messages take no WAL",
        model: "as they take no space (simplification 1), “received after the confirmed position” is decided by time: a message sent while the connector streams is new; one sent while it was down is not re-delivered.",
        fact: "the message's LSN relative to the confirmed position decides.",
      },
      {
        title: "No snapshot",
        model: "a connector that finds its slot gone recreates it and the event log reports the data gap.",
        fact: "Debezium acts on `snapshot.mode`; lesson 07's drill covers it.",
      },
      {
        title: "No `catalog_xmin` or `xmin`",
        model: "the `pg_replication_slots` row omits them.",
        fact: "a logical slot holds `catalog_xmin`, so vacuum cannot remove newer catalog row versions.",
      },
    ],
    measuredHeading: "Compared with a real PostgreSQL",
    measuredIntro:
      "The test `crates/pg-check/tests/model_vs_server.rs` starts throwaway PostgreSQL clusters, drives each scenario step by step (WAL writes, `CHECKPOINT`, a slot consumer, heartbeats in the right or the wrong database), reads `pg_replication_slots` and `pg_ls_waldir()` after every step, then replays the same steps with the measured WAL volumes through the model and compares. The test fails if `wal_status` differs at any step, the slot is lost at different steps, or sizes differ by a segment or more. The numbers below come from the output of the latest run of that test; none is typed in by hand.",
  },
  scaling: {
    heading: "The connector scaling calculator",
    models:
      "Lesson 06's calculator is a throughput model of the Debezium → Kafka Connect → Kafka → consumers pipeline. From the load and the settings it finds the bottleneck, computes lag over time, latency, and how much WAL a lagging slot retains.",
    parts: [
      "**Source**: change events per second for the whole server (steady, a daily pattern or a burst), split into table sets, each with its share of the events, Kafka record size and WAL bytes per change.",
      "**Connectors**: each with its own table sets, `topic.prefix`, slot and publication; every running task is a path carrying a fixed share of the events.",
      "**Decoding**: every slot is decoded by its own walsender, which reads the whole WAL of its database whatever the publication filters.",
      "**A task**: Debezium's streaming thread fills the queue (`max.queue.size`, `max.queue.size.in.bytes`), Kafka Connect's thread polls batches of up to `max.batch.size` (waiting at most `poll.interval.ms`), offsets are committed every `offset.flush.interval.ms`.",
      "**Kafka**: one write limit in bytes per second. **Consumers**: partitions, the hot key's share, a consumer group and its processing rate.",
    ],
    assumptionsHeading: "Assumptions, not measurements",
    assumptions: [
      "“About 7,000 events/s per connector” has no primary source (the nearest is a vendor benchmark, about 6,000 ops/s on MSK Connect). In the model it is an adjustable calibration parameter, and every calculator report says it is an assumption.",
      "The walsender speed and the server's decoding budget are assumptions too: no measurement shows that N connectors on one database cost N times the decoding.",
      "The calculator has not been checked against a running Kafka Connect: its numbers follow from its formulas and these assumptions. The server comparison on this page is about the WAL model only.",
    ],
    factsHeading: "Facts followed",
    facts: [
      "The PostgreSQL connector runs exactly one task whatever `tasks.max` says; SQL Server runs `min(tasks.max, databases in database.names)` from Debezium 1.9; MongoDB `min(tasks.max, replica sets or shards)` up to 2.5 and one task since 2.6.",
      "Defaults: `max.queue.size` 8192, `max.batch.size` 2048 (the queue must be larger than a batch), `poll.interval.ms` 500 (at most 5000 from Debezium 3.7), `max.queue.size.in.bytes` 0, `offset.flush.interval.ms` 60,000; the LSN is confirmed after an offset commit.",
      "Scaling out = several connectors, each with its own slot, publication, table list and topic prefix; the record key is the primary key, its partition `murmur2(key) % partitions`, so order is kept per key.",
    ],
    simplHeading: "What is simplified",
    simplifications: [
      {
        title: "Other databases' WAL is skipped for free",
        model: "each slot is charged the WAL of its own database only.",
        fact: "a walsender reads and decodes the whole WAL; the cost of reading other databases' records is ignored.",
      },
      {
        title: "The decoding budget is split equally",
        model: "the server's budget is split equally between slots (exact when all slots are on one database, the lesson's case).",
        fact: "walsender speed and budget are assumptions, not measurements.",
      },
      {
        title: "Databases go to tasks round robin",
        model: "database i goes to task i mod tasks (SQL Server, MongoDB).",
        fact: "the task counts are known, how Debezium assigns databases to them is not.",
      },
      {
        title: "A task's cost is linear",
        model: "linear in event size and batch count; converters, SMTs, schema refreshes and producer settings are folded into the calibration.",
        fact: "the tuning knobs are known, cost data is not.",
      },
      {
        title: "Kafka is one write limit",
        model: "one bytes-per-second limit for the whole cluster; producer acknowledgement counts as 0 ms of latency.",
        fact: "brokers have per-partition limits, replication and `acks` latency.",
      },
      {
        title: "Keys other than the hot one spread evenly",
        model: "`murmur2` over many keys; the hot partition sits on a consumer owning the most partitions (worst case, as the range assignor does for partition 0); all change topics are one topic with `kafka.partitions` partitions read by one group.",
        fact: "Debezium writes one topic per table, each with its own key distribution.",
      },
      {
        title: "Consumers do not slow the connectors",
        model: "consumer lag builds up in Kafka, not in the WAL; Kafka's write limit does slow the connectors (the producer blocks).",
        fact: "that is how Kafka behaves; the simplification is that write back-pressure is one limit.",
      },
      {
        title: "The LSN confirmation chain is one number",
        model: "the latency figure `offset_commit_ms` and a healthy slot's baseline, WAL rate × (`offset.flush.interval.ms` + 15 s).",
        fact: "the LSN is confirmed after an offset commit at the next `poll()`; the WAL simulator models this chain in detail.",
      },
      {
        title: "The poll loop returns when a batch is full or `poll.interval.ms` has passed",
        model: "as Debezium's `ChangeEventQueue.poll` does.",
        fact: "not in the course's fact sheet; taken from Debezium's code.",
      },
      {
        title: "Lag is fluid",
        model: "fractions of events, reported rounded to whole events; the multi-path end-to-end age assumes the merged stream keeps source order.",
        fact: "events are discrete and order across paths is not guaranteed.",
      },
      {
        title: "Generated configurations use current key names",
        model: "`topic.prefix` (Debezium 2.0+), `mongodb.connection.string` (the MongoDB model from Debezium 2.2); the password is a `${file:...}` reference for FileConfigProvider.",
        fact: "older Debezium versions use other key names.",
      },
    ],
    measuredHeading: "How it is checked",
    measured:
      "The formulas are checked by the model's own tests (`crates/scaling-model`; `crates/widget-core/tests/scaling_steps.rs` recomputes every number the calculator's step-by-step script states), not by measurements on a running Kafka Connect.",
  },
};

export const TEXTS: Record<Lang, FidelityTexts> = { ru, en };

/** Escapes HTML, then `code` -> <code>, **bold** -> <strong>. Only for the fidelity page's own texts. */
export const inline = (s: string) =>
  s
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
