// Screenshot tour (not a test): every screen of the explorer against the sample gateway, in
// light and dark, at 1280x800 and 900x600, saved as <theme>-<size>-<nn>-<screen>.png for
// looking at them; sizes.txt lists each shot's size and minimum size hint.
//   QT_QPA_PLATFORM=offscreen build/tests/gui/shots_tour OUTDIR
// The admin, help and Entra screens are in shots_screens.cpp.

#include "shots_tour.h"

#include "entratestsupport.h"
#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <conflictdialog.h>
#include <connectioncontroller.h>
#include <connectiondialog.h>
#include <entrasigninpage.h>
#include <exportdialog.h>
#include <importdialog.h>
#include <itemeditor.h>
#include <messagebar.h>
#include <parameterspanel.h>
#include <queryeditor.h>
#include <querytab.h>
#include <resultview.h>
#include <settings.h>
#include <theme.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTextStream>

using namespace Cosmoscope;
using namespace Cosmos;

ShotTour::ShotTour(const QString &dir)
    : m_dir(dir)
    , m_log(dir + QStringLiteral("/sizes.txt"))
{
    m_log.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
}

void ShotTour::beginPass(const QString &theme, QSize size)
{
    m_tag = QStringLiteral("%1-%2x%3").arg(theme).arg(size.width()).arg(size.height());
    m_size = size;
    m_number = 0;
}

void ShotTour::settle(int ms)
{
    QTest::qWait(ms); // a tour for the eye, not a test: let paint and late pages land
}

bool ShotTour::waitFor(const std::function<bool()> &condition, int ms)
{
    return QTest::qWaitFor(condition, ms);
}

void ShotTour::shot(QWidget *widget, const QString &screen)
{
    settle();
    const QString name = QStringLiteral("%1-%2-%3")
                             .arg(m_tag)
                             .arg(++m_number, 2, 10, QLatin1Char('0'))
                             .arg(screen);
    widget->grab().save(m_dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    const QSize hint = widget->minimumSizeHint().expandedTo(widget->minimumSize());
    const bool fits = hint.width() <= m_size.width() && hint.height() <= m_size.height();
    QTextStream(&m_log) << name << "  size " << widget->width() << 'x' << widget->height()
                        << "  minimum " << hint.width() << 'x' << hint.height()
                        << (fits ? "" : "  DOES NOT FIT") << '\n';
}

void ShotTour::shotDialog(QWidget *dialog, const QString &screen, bool fill)
{
    settle(150);
    const bool resizable = dialog->minimumSize() != dialog->maximumSize();
    if (resizable)
        dialog->resize(fill ? m_size : dialog->size().boundedTo(m_size));
    shot(dialog, screen);
}

namespace Tour {

void connectionDialogs(ShotTour &tour, MainWindow *window, const GatewayProcess &gateway)
{
    using Kind = SavedConnection::Kind;
    const struct
    {
        Kind kind;
        const char *screen;
        QString secret;
    } kinds[] = {
        {Kind::ConnectionString, "connection-string",
         QStringLiteral("AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7"
                        "Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;")},
        {Kind::EndpointKey, "connection-key", QStringLiteral("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIW")},
        {Kind::Emulator, "connection-emulator", QString()},
        {Kind::ResourceToken, "connection-resource-token",
         QStringLiteral("type=resource&ver=1.0&sig=abc")},
    };
    for (const auto &k : kinds) {
        ConnectionDialog dialog(window);
        SavedConnection c;
        c.name = QStringLiteral("Contoso production");
        c.kind = k.kind;
        c.endpoint = QStringLiteral("https://contoso-prod.documents.azure.com:443/");
        if (k.kind == Kind::Emulator)
            c.endpoint = QStringLiteral("https://localhost:8081/");
        c.resourceLink = QStringLiteral("dbs/SampleDB/colls/Products");
        dialog.setConnection(c, k.secret);
        dialog.show();
        tour.shotDialog(&dialog, QLatin1String(k.screen));
    }
    // Entra: the browser page idle, the device-code page waiting with its code.
    EntraTest::recordBrowser();
    SavedConnection entra = EntraTest::savedConnection(gateway);
    entra.name = QStringLiteral("Contoso (Entra ID)");
    for (const char *method : {"browser", "devicecode"}) {
        ConnectionDialog dialog(window);
        entra.entraMethod = QLatin1String(method);
        dialog.setConnection(entra, {});
        dialog.show();
        if (entra.entraMethod == QLatin1String("devicecode")) {
            dialog.findChild<QPushButton *>(QStringLiteral("signInButton"))->click();
            auto code = dialog.findChild<QLabel *>(QStringLiteral("userCode"));
            ShotTour::waitFor([code] { return code->isVisible() && !code->text().isEmpty(); });
        }
        tour.shotDialog(&dialog, QStringLiteral("connection-entra-%1").arg(QLatin1String(method)));
        dialog.entraPage()->cancel();
    }
}

void items(ShotTour &tour, MainWindow *window, ItemsTab *items)
{
    items->view()->selectSourceRow(0);
    ShotTour::waitFor([items] { return !items->editor()->isNew(); }, 5000);
    tour.shot(window, QStringLiteral("items"));

    // A missing comma: the squiggle and its message while typing.
    const QString text = items->editor()->editor()->text();
    QString broken = text;
    const int comma = broken.indexOf(QLatin1Char(','), broken.indexOf(QLatin1Char('\n'), 40));
    if (comma > 0)
        broken.remove(comma, 1);
    items->editor()->editor()->setText(broken);
    ShotTour::waitFor([items] { return !items->editor()->isValidating(); }, 5000);
    ShotTour::settle(800);
    tour.shot(window, QStringLiteral("item-json-error"));
    items->editor()->discard();

    items->messageBar()->showMessage(
        MessageBar::Type::Warning,
        QStringLiteral("Item prod-0001 has unsaved changes: save or discard them first."));
    tour.shot(window, QStringLiteral("message-warning"));
    items->setFilter(QStringLiteral("c.price > 100 AND"), QString());
    items->applyFilter();
    ShotTour::waitFor([items] { return items->messageBar()->isVisible(); }, 5000);
    tour.shot(window, QStringLiteral("message-error"));

    items->setFilter(QStringLiteral("c.price > 100"), QStringLiteral("price DESC"));
    items->applyFilter();
    ShotTour::settle(1200);
    tour.shot(window, QStringLiteral("items-filtered"));

    // The save conflict (412): the server's version beside the user's.
    {
        ConflictDialog dialog(text, window);
        QString server = text;
        server.replace(QStringLiteral("\"price\": "), QStringLiteral("\"price\": 1"));
        dialog.setServerVersion(QJsonDocument::fromJson(server.toUtf8()).object(), server);
        dialog.show();
        tour.shotDialog(&dialog, QStringLiteral("item-save-conflict"), true);
    }

    ImportDialog *import = items->openImport();
    import->setInputPath(QStringLiteral("/home/user/products.jsonl"));
    tour.shotDialog(import, QStringLiteral("import"));
    import->close();
}

void query(ShotTour &tour, MainWindow *window, AccountSession *session, ItemsTab *items)
{
    QueryTab *query = window->openQueryTab(session, items->container());
    query->editor()->setText(QStringLiteral(
        "SELECT c.id, c.name, c.price\nFROM c\nWHERE c.category = @category\n"
        "ORDER BY c.price DESC"));
    query->parameters()->setParameter(QStringLiteral("@category"), QStringLiteral("\"Books\""));
    query->run();
    ShotTour::settle(1500);
    tour.shot(window, QStringLiteral("query"));

    ExportDialog *exporter = query->openExport();
    exporter->setOutputPath(QStringLiteral("/home/user/books.json"));
    tour.shotDialog(exporter, QStringLiteral("export"));
    exporter->close();

    query->editor()->setText(QStringLiteral(
        "SELECT c.id, c.name\nFROM c\nWHERE c.price > 10 AND AND c.stock.qty > 0"));
    query->run();
    ShotTour::waitFor([query] { return query->messageBar()->isVisible(); });
    tour.shot(window, QStringLiteral("query-error"));

    query->metricsCheck()->setChecked(true);
    query->editor()->setText(
        QStringLiteral("SELECT c.id, c.price\nFROM c\nWHERE c.price > 400"));
    query->run();
    ShotTour::settle(1500);
    query->results()->tabs()->setCurrentWidget(query->results()->metricsPage());
    tour.shot(window, QStringLiteral("query-metrics"));
    query->metricsCheck()->setChecked(false);

    // Load all over the warning threshold: the estimate first, then the question.
    window->settings()->setLoadAllWarningRu(1);
    query->editor()->setText(QStringLiteral("SELECT * FROM c"));
    query->run();
    ShotTour::settle(1200);
    query->loadAll();
    QMessageBox *box = nullptr;
    ShotTour::waitFor([&] {
        box = query->findChild<QMessageBox *>(QStringLiteral("confirmLoadAll"));
        return box && box->isVisible();
    });
    if (box) {
        tour.shotDialog(box, QStringLiteral("query-loadall-warning"));
        box->reject();
    }
    window->settings()->setLoadAllWarningRu(5000);
    window->tabs()->removeTab(window->tabs()->indexOf(query));
    query->deleteLater();
}

} // namespace Tour

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: shots_tour OUTDIR\n");
        return 2;
    }
    prepareGuiTest();
    GatewayProcess gateway;
    if (!gateway.start({.seedSample = true, .entra = true})) {
        fprintf(stderr, "%s\n", qPrintable(gateway.errorString()));
        return 1;
    }
    // Quick long-running ARM operations for the role assignments dialog.
    GatewayProcess::postJson(gateway.armUrl(), QStringLiteral("/_test/arm"),
                             {{QStringLiteral("lroPolls"), 1}, {QStringLiteral("retryAfter"), 0}});
    ShotTour tour(QString::fromLocal8Bit(argv[1]));
    for (const char *theme : {"light", "dark"}) {
        for (const QSize size : {QSize(1280, 800), QSize(900, 600)}) {
            tour.beginPass(QLatin1String(theme), size);
            Settings().setTheme(QLatin1String(theme));
            MainWindow window;
            window.resize(size);
            window.show();
            tour.shot(&window, QStringLiteral("welcome"));
            Tour::connectionDialogs(tour, &window, gateway);
            AccountSession *session = window.connections()->openConnection(
                QStringLiteral("Sample gateway"), gateway.connection());
            ItemsTab *items = openProducts(&window, session);
            if (!items)
                return 1;
            Tour::items(tour, &window, items);
            Tour::query(tour, &window, session, items);
            Tour::schemaAndLog(tour, &window, session);
            Tour::admin(tour, &window, session);
            Tour::help(tour, &window);
            Tour::roleAssignments(tour, &window, gateway);
        }
    }
    Settings().setTheme(QStringLiteral("system"));
    return 0;
}
