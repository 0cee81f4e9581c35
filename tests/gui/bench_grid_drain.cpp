// Benchmark (label "bench", not in the default test run): imports 100,000 small items into
// the loopback gateway with concurrent creates (32 in flight), opens the container's items
// tab in the real window and drains everything with "Load all", while a 5 ms QTimer probe
// records the longest event-loop stall. Prints the worst stall and the peak memory (VmHWM).
// No timing assertions.
//
//   bench_grid_drain [items [drain page size]]        (default 100000 5000)
//
// The loopback gateway rescans the whole container for every page, so a page of a 100,000
// item container takes long on its side; the client's transfer timeout is raised here.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <itemstab.h>
#include <resultloader.h>
#include <resultmodel.h>
#include <resultview.h>
#include <roworderproxy.h>
#include <settings.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace Cosmoscope;
using namespace Cosmos;

static qint64 procStatusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// Creates `count` items with `inFlight` concurrent requests; returns false on an error.
static bool import(CosmosClient *client, const ResourcePath &container, int count, int inFlight)
{
    int next = 0;
    int done = 0;
    int failed = 0;
    QString firstError;
    QObject context;
    const ResourcePath docs = container.feed(ResourceKind::Item);
    std::function<void()> startOne = [&] {
        if (next >= count)
            return;
        const int n = next++;
        const QString pk = QStringLiteral("p%1").arg(n % 100);
        const QJsonObject item{{"id", QStringLiteral("item-%1").arg(n, 6, 10, QLatin1Char('0'))},
                               {"pk", pk},
                               {"n", n},
                               {"name", QStringLiteral("small item %1").arg(n)},
                               {"even", n % 2 == 0}};
        RequestOptions options;
        options.partitionKey = PartitionKey::fromValue(pk);
        client->create(docs, item, options, &context, [&](const CosmosResponse &r) {
            ++done;
            if (!r.ok() && failed++ == 0)
                firstError = r.error.toString();
            startOne();
        });
    };
    for (int i = 0; i < inFlight; ++i)
        startOne();
    QTest::qWaitFor([&] { return done == count; }, 30 * 60 * 1000);
    if (failed)
        std::fprintf(stderr, "import: %d failures, first: %s\n", failed, qPrintable(firstError));
    return failed == 0 && done == count;
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    prepareGuiTest();
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;

    GatewayProcess gateway;
    if (!gateway.start({.http = true})) {
        std::fprintf(stderr, "gateway: %s\n", qPrintable(gateway.errorString()));
        return 1;
    }
    CosmosClient client(gateway.connection());
    client.setConnectionLimit(32);
    const ResourcePath container = ResourcePath::container("BenchDB", "Small");
    CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        client.create(ResourcePath::databases(), QJsonObject{{"id", "BenchDB"}}, {}, ctx, cb);
    });
    r = call([&](QObject *ctx, ResponseCallback cb) {
        client.create(ResourcePath::database("BenchDB").feed(ResourceKind::Container),
                      QJsonObject{{"id", "Small"},
                                  {"partitionKey",
                                   QJsonObject{{"paths", QJsonArray{"/pk"}}, {"kind", "Hash"}}}},
                      {},
                      ctx,
                      cb);
    });
    if (!r.ok()) {
        std::fprintf(stderr, "create container: %s\n", qPrintable(r.error.toString()));
        return 1;
    }
    QElapsedTimer importTimer;
    importTimer.start();
    if (!import(&client, container, count, 32))
        return 1;
    const double importSeconds = importTimer.elapsed() / 1000.0;
    std::printf("imported %d items in %.1f s (%.0f items/s, 32 in flight)\n",
                count,
                importSeconds,
                count / importSeconds);
    std::fflush(stdout);

    Settings settings;
    settings.setPageSize(100);
    settings.setDrainPageSize(argc > 2 ? QByteArray(argv[2]).toInt() : 5000);
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    AccountSession *session
        = window.connections()->openConnection(QStringLiteral("bench"), gateway.connection());
    session->client()->setTransferTimeout(30 * 60 * 1000);
    ItemsTab *tab = window.openItemsTab(session, container);
    QElapsedTimer firstPage;
    firstPage.start();
    QTest::qWaitFor([tab] { return tab->model()->itemCount() > 0 && !tab->loader()->isBusy(); },
                    300000);
    std::printf("first page of %d items in the grid after %.1f s\n",
                tab->model()->itemCount(),
                firstPage.elapsed() / 1000.0);
    std::fflush(stdout);
    const qint64 hwmBefore = procStatusKb("VmHWM:");

    // The probe: a 5 ms timer; the longest gap between two ticks is the worst stall.
    QElapsedTimer sinceTick;
    qint64 worstGap = 0;
    int over50 = 0;
    int ticks = 0;
    QTimer probe;
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 gap = sinceTick.restart();
        worstGap = qMax(worstGap, gap);
        over50 += gap > 50 ? 1 : 0;
        ++ticks;
    });
    QElapsedTimer drainTimer;
    drainTimer.start();
    QSignalSpy finished(tab->loader(), &ResultLoader::finished);
    CosmosError failure;
    QObject::connect(tab->loader(), &ResultLoader::failed, &app, [&](const CosmosError &error) {
        failure = error;
    });
    int lastReported = 0;
    QObject::connect(tab->loader(), &ResultLoader::pageLoaded, &app, [&] {
        const int n = tab->model()->itemCount();
        if (n - lastReported >= 20000) {
            lastReported = n;
            std::printf("  %d items after %.1f s\n", n, drainTimer.elapsed() / 1000.0);
            std::fflush(stdout);
        }
    });
    sinceTick.start();
    probe.start();
    tab->loadAll();
    // A plain event loop here: QTest::qWaitFor sleeps 10 ms between its turns, which the
    // probe would count as stalls.
    QEventLoop loop;
    QObject::connect(tab->loader(), &ResultLoader::finished, &loop, &QEventLoop::quit);
    QObject::connect(tab->loader(), &ResultLoader::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(30 * 60 * 1000, &loop, &QEventLoop::quit);
    if (finished.isEmpty() && !failure.isError())
        loop.exec();
    if (failure.isError())
        std::printf("drain failed: %s\n", qPrintable(failure.toString()));
    probe.stop();
    const double drainSeconds = drainTimer.elapsed() / 1000.0;
    const qint64 hwm = procStatusKb("VmHWM:");
    const qint64 rss = procStatusKb("VmRSS:");

    std::printf("drained %d items into the grid in %.1f s (%d pages of up to %d)\n",
                tab->model()->itemCount(),
                drainSeconds,
                tab->loader()->stats().pages,
                settings.drainPageSize());
    std::printf(
        "event loop: worst stall %lld ms, %d gaps over 50 ms, %d probe ticks (5 ms timer)\n",
        worstGap,
        over50,
        ticks);
    std::printf("memory: VmHWM %.1f MB before the drain, %.1f MB after (peak); VmRSS %.1f MB; "
                "%.0f bytes per item above the pre-drain peak\n",
                hwmBefore / 1024.0,
                hwm / 1024.0,
                rss / 1024.0,
                (hwm - hwmBefore) * 1024.0 / qMax(1, tab->model()->itemCount()));
    qint64 jsonBytes = 0;
    for (const QByteArray &raw : tab->model()->rawItems())
        jsonBytes += raw.size();
    std::printf("memory: the items' JSON is %.1f MB; peak above the pre-drain peak is %.2fx it "
                "(goal <= 3x)\n",
                jsonBytes / 1048576.0, (hwm - hwmBefore) * 1024.0 / qMax<qint64>(1, jsonBytes));
    std::fflush(stdout);

    // Sort by a numeric column, as a click on its header does, and watch the event loop.
    QTableView *table = tab->view()->table();
    const int column = int(tab->model()->columnKeys().indexOf(QStringLiteral("n")));
    QSignalSpy sorted(tab->view()->proxy(), &RowOrderProxy::sorted);
    worstGap = 0;
    over50 = 0;
    QElapsedTimer sortTimer;
    sortTimer.start();
    sinceTick.start();
    probe.start();
    table->sortByColumn(column, Qt::DescendingOrder);
    QEventLoop sortLoop;
    QObject::connect(tab->view()->proxy(), &RowOrderProxy::sorted, &sortLoop, &QEventLoop::quit);
    QTimer::singleShot(60000, &sortLoop, &QEventLoop::quit);
    if (sorted.isEmpty())
        sortLoop.exec();
    const qint64 sortMs = sortTimer.elapsed();
    table->viewport()->repaint();
    const qint64 sortPaintedMs = sortTimer.elapsed();
    probe.stop();
    const QString top = table->model()->index(0, column).data().toString();
    std::printf("sort: %d rows by \"n\" (descending) in %lld ms, painted after %lld ms; first "
                "row n = %s; worst stall %lld ms, %d gaps over 50 ms (goal < 300 ms, no stall "
                "over 50 ms)\n",
                tab->model()->itemCount(), sortMs, sortPaintedMs, qPrintable(top), worstGap,
                over50);

    // Scroll through the grid, a page at a time, repainting each time.
    QElapsedTimer scrollTimer;
    qint64 worstScroll = 0;
    int steps = 0;
    for (int row = 0; row < tab->model()->itemCount(); row += tab->model()->itemCount() / 200 + 1) {
        scrollTimer.start();
        table->scrollTo(table->model()->index(row, 0));
        table->viewport()->repaint();
        worstScroll = qMax(worstScroll, scrollTimer.elapsed());
        ++steps;
    }
    std::printf("scroll: %d jumps across the grid, each repainted; worst %lld ms (goal < 50 ms)\n",
                steps, worstScroll);
    return tab->model()->itemCount() == count ? 0 : 1;
}
