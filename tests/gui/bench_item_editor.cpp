// Benchmark (not in the default test run): the item editor and the JSON view with big data,
// in the real window against the loopback gateway, offscreen.
//   1. a 2 MB item (16,000 nested objects) is selected in the grid: time until the editor
//      shows it, and the worst event-loop stall meanwhile (a 5 ms timer probe);
//   2. 100 keystrokes typed into it, each followed by a repaint (lexing and folding
//      included): median and worst latency;
//   3. a 10,000-row result's JSON view: time until its text is shown, and the worst stall.
// Prints figures; no timing assertions.
//
//   bench_item_editor [json-view rows]        (default 10000)

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <codeeditor.h>
#include <connectioncontroller.h>
#include <itemeditor.h>
#include <itemstab.h>
#include <jsonformat.h>
#include <resultloader.h>
#include <resultmodel.h>
#include <resultview.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Cosmoscope;
using namespace Cosmos;

/// Records the longest gap between the ticks of a 5 ms timer while it runs.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_worst = std::max(m_worst, m_sinceTick.restart());
        });
    }
    void start()
    {
        m_worst = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        return std::max(m_worst, m_sinceTick.elapsed());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_worst = 0;
};

/// Spins the event loop (no sleeps, so the probe sees only real stalls) until `done`.
static bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

static QJsonObject bigItem()
{
    QJsonArray readings;
    for (int i = 0; i < 16000; ++i) {
        readings.append(QJsonObject{{"seq", i},
                                    {"sensor", QStringLiteral("sensor-%1").arg(i % 37)},
                                    {"value", i * 0.731},
                                    {"ok", i % 11 != 0},
                                    {"tags", QJsonArray{"alpha", "beta", i % 5}},
                                    {"note", QStringLiteral("reading number %1 of the batch").arg(i)}});
    }
    return QJsonObject{{"id", "big"}, {"pk", "p0"}, {"readings", readings}};
}

static bool createItems(CosmosClient *client, const ResourcePath &container, int count)
{
    int next = 0;
    int done = 0;
    int failed = 0;
    QObject context;
    const ResourcePath docs = container.feed(ResourceKind::Item);
    std::function<void()> startOne = [&] {
        if (next >= count)
            return;
        const int n = next++;
        const QString pk = QStringLiteral("p%1").arg(n % 10);
        RequestOptions options;
        options.partitionKey = PartitionKey::fromValue(pk);
        client->create(docs,
                       QJsonObject{{"id", QStringLiteral("row-%1").arg(n, 6, 10, QLatin1Char('0'))},
                                   {"pk", pk}, {"n", n}, {"name", QStringLiteral("row %1").arg(n)}},
                       options, &context, [&](const CosmosResponse &r) {
                           ++done;
                           failed += r.ok() ? 0 : 1;
                           startOne();
                       });
    };
    for (int i = 0; i < 16; ++i)
        startOne();
    spinUntil([&] { return done == count; }, 30 * 60 * 1000);
    return failed == 0 && done == count;
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    prepareGuiTest();
    const int jsonRows = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;

    GatewayProcess gateway;
    if (!gateway.start({.http = true})) {
        std::fprintf(stderr, "gateway: %s\n", qPrintable(gateway.errorString()));
        return 1;
    }
    CosmosClient client(gateway.connection());
    client.setConnectionLimit(16);
    call([&](QObject *ctx, ResponseCallback cb) {
        client.create(ResourcePath::databases(), QJsonObject{{"id", "BenchDB"}}, {}, ctx, cb);
    });
    for (const char *name : {"Big", "Rows"}) {
        const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
            client.create(ResourcePath::database("BenchDB").feed(ResourceKind::Container),
                          QJsonObject{{"id", name},
                                      {"partitionKey",
                                       QJsonObject{{"paths", QJsonArray{"/pk"}}, {"kind", "Hash"}}}},
                          {}, ctx, cb);
        });
        if (!r.ok()) {
            std::fprintf(stderr, "create container: %s\n", qPrintable(r.error.toString()));
            return 1;
        }
    }
    const ResourcePath big = ResourcePath::container("BenchDB", "Big");
    RequestOptions options;
    options.partitionKey = PartitionKey::fromValue(QStringLiteral("p0"));
    const CosmosResponse created = call([&](QObject *ctx, ResponseCallback cb) {
        client.create(big.feed(ResourceKind::Item), bigItem(), options, ctx, cb);
    }, 120000);
    if (!created.ok()) {
        std::fprintf(stderr, "create the big item: %s\n", qPrintable(created.error.toString()));
        return 1;
    }
    const ResourcePath rows = ResourcePath::container("BenchDB", "Rows");
    if (!createItems(&client, rows, jsonRows))
        return 1;

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    AccountSession *session
        = window.connections()->openConnection(QStringLiteral("bench"), gateway.connection());
    StallProbe probe;

    // 1. Open the 2 MB item.
    ItemsTab *tab = window.openItemsTab(session, big);
    spinUntil([tab] { return tab->model()->itemCount() == 1 && !tab->loader()->isBusy(); }, 120000);
    const qsizetype bytes = tab->model()->rawItem(0).size();
    ItemEditor *editor = tab->editor();
    QElapsedTimer open;
    probe.start();
    open.start();
    tab->view()->table()->setFocus();
    tab->view()->table()->selectRow(0);
    const bool opened = spinUntil([editor] {
        return editor->itemId() == QLatin1String("big") && !editor->isFormatting()
               && editor->editor()->length() > 0;
    }, 60000);
    editor->editor()->repaint();
    const qint64 openMs = open.elapsed();
    const qint64 openStall = probe.stop();
    std::printf("item editor: opened a %.2f MB item (%d lines) in %lld ms%s; worst stall %lld ms "
                "(goal < 200 ms)\n",
                bytes / 1048576.0, editor->editor()->lines(), openMs, opened ? "" : " (TIMED OUT)",
                openStall);
    std::fflush(stdout);

    {
        // Where the time goes: formatting (worker thread), setText, the first paint.
        QElapsedTimer step;
        step.start();
        const QString pretty = JsonFormat::prettyTextAsync(tab->model()->rawItem(0), true).result();
        const qint64 formatMs = step.restart();
        JsonEditor fresh;
        fresh.resize(800, 600);
        fresh.show();
        step.restart();
        fresh.setText(pretty);
        const qint64 setTextMs = step.restart();
        fresh.repaint();
        const qint64 paintMs = step.restart();
        std::printf("item editor: of which formatting %lld ms (worker thread), setText %lld ms, "
                    "first paint %lld ms\n",
                    formatMs, setTextMs, paintMs);
    }

    // 2. Keystrokes in the middle of it, each followed by a repaint.
    CodeEditor *code = editor->editor();
    code->setFocus();
    code->setCursorPosition(code->lines() / 2, 4);
    QList<qint64> latencies;
    qint64 keyUs = 0;
    qint64 eventsUs = 0;
    qint64 paintUs = 0;
    for (int i = 0; i < 100; ++i) {
        QElapsedTimer key;
        key.start();
        QTest::keyClick(code, i % 10 == 9 ? Qt::Key_Backspace : Qt::Key_X);
        const qint64 afterKey = key.nsecsElapsed() / 1000;
        QCoreApplication::processEvents();
        const qint64 afterEvents = key.nsecsElapsed() / 1000;
        code->repaint();
        latencies.append(key.nsecsElapsed() / 1000);
        keyUs += afterKey;
        eventsUs += afterEvents - afterKey;
        paintUs += latencies.last() - afterEvents;
    }
    std::sort(latencies.begin(), latencies.end());
    std::printf("item editor: keystroke latency median %.1f ms, worst %.1f ms over 100 keys "
                "(goal < 50 ms); mean per key: %.1f ms handling the key, %.1f ms events, "
                "%.1f ms painting\n",
                latencies.at(50) / 1000.0, latencies.last() / 1000.0, keyUs / 100000.0,
                eventsUs / 100000.0, paintUs / 100000.0);
    std::fflush(stdout);
    editor->discard();

    // 3. The JSON view of a result of `jsonRows` rows.
    ItemsTab *rowsTab = window.openItemsTab(session, rows);
    spinUntil([rowsTab] { return rowsTab->model()->itemCount() > 0 && !rowsTab->loader()->isBusy(); },
              120000);
    rowsTab->loadAll();
    spinUntil([rowsTab] { return !rowsTab->loader()->isDraining() && !rowsTab->loader()->isBusy(); },
              30 * 60 * 1000);
    const int shown = rowsTab->model()->itemCount();
    QElapsedTimer json;
    probe.start();
    json.start();
    rowsTab->view()->showJson();
    const bool built = spinUntil([rowsTab] {
        return rowsTab->view()->jsonView()->lines() > rowsTab->model()->itemCount();
    }, 120000);
    const qint64 jsonMs = json.elapsed();
    const qint64 jsonStall = probe.stop();
    std::printf("JSON view: %d rows shown as %d lines in %lld ms%s; worst stall %lld ms "
                "(goal: no stall over 50 ms)\n",
                shown, rowsTab->view()->jsonView()->lines(), jsonMs, built ? "" : " (TIMED OUT)",
                jsonStall);
    return 0;
}
