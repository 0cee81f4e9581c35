// Screenshot tour (not a test): every screen of the explorer against the sample gateway, in
// light and dark, at 1280x800 and 900x600, saved as PNGs for looking at them.
//   QT_QPA_PLATFORM=offscreen build/tests/gui/shots_tour OUTDIR

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <contextactions.h>
#include <exportdialog.h>
#include <importdialog.h>
#include <itemeditor.h>
#include <parameterspanel.h>
#include <queryeditor.h>
#include <querytab.h>
#include <resultview.h>
#include <theme.h>

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLineEdit>
#include <QMenu>
#include <QTabWidget>

using namespace Cosmoscope;
using namespace Cosmos;

static QString g_dir;

static void settle(int ms = 400)
{
    QTest::qWait(ms); // a tour for the eye, not a test: let paint and late pages land
}

static void shot(QWidget *w, const QString &name)
{
    settle();
    w->grab().save(g_dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: shots_tour OUTDIR\n");
        return 2;
    }
    g_dir = QString::fromLocal8Bit(argv[1]);
    prepareGuiTest();
    GatewayProcess gateway;
    if (!gateway.start({.seedSample = true})) {
        fprintf(stderr, "%s\n", qPrintable(gateway.errorString()));
        return 1;
    }
    for (const char *theme : {"light", "dark"}) {
        for (const QSize size : {QSize(1280, 800), QSize(900, 600)}) {
            const QString tag = QStringLiteral("%1-%2x%3")
                                    .arg(QLatin1String(theme))
                                    .arg(size.width())
                                    .arg(size.height());
            Settings().setTheme(QLatin1String(theme));
            MainWindow window;
            window.resize(size);
            window.show();
            shot(&window, tag + QStringLiteral("-welcome"));
            AccountSession *session = window.connections()->openConnection(
                QStringLiteral("Sample gateway"), gateway.connection());
            ItemsTab *items = openProducts(&window, session);
            if (!items)
                return 1;
            items->view()->selectSourceRow(0);
            QTest::qWaitFor([items] { return !items->editor()->isNew(); }, 5000);
            shot(&window, tag + QStringLiteral("-items"));
            items->setFilter(QStringLiteral("c.price > 100"), QStringLiteral("price DESC"));
            items->applyFilter();
            settle(1200);
            shot(&window, tag + QStringLiteral("-items-filtered"));

            QueryTab *query = window.openQueryTab(session, items->container());
            query->editor()->setText(QStringLiteral(
                "SELECT c.id, c.name, c.price\nFROM c\nWHERE c.category = @category\n"
                "ORDER BY c.price DESC"));
            query->parameters()->setParameter(QStringLiteral("@category"),
                                              QStringLiteral("\"Books\""));
            query->run();
            settle(1500);
            shot(&window, tag + QStringLiteral("-query"));

            ImportDialog *import = items->openImport();
            import->setInputPath(QStringLiteral("/home/user/products.jsonl"));
            shot(import, tag + QStringLiteral("-import"));
            import->close();
            ExportDialog *exporter = query->openExport();
            exporter->setOutputPath(QStringLiteral("/home/user/bikes.json"));
            shot(exporter, tag + QStringLiteral("-export"));
            exporter->close();

            // The management screens of a container, from its context actions.
            auto manage = new Manage::ContextActions(&window, &window);
            QObject::connect(manage, &Manage::ContextActions::openTab, &window,
                             [&window, session](QWidget *tab, const QString &title) {
                                 window.openWidgetTab(session, tab, title);
                             });
            QList<QWidget *> dialogs;
            QObject::connect(manage, &Manage::ContextActions::dialogOpened, &window,
                             [&dialogs](QWidget *d) { dialogs << d; });
            QObject menuParent;
            const QList<QAction *> actions = manage->actionsFor(
                session->client(), items->container(), ResourceKind::Account, &menuParent);
            int n = 0;
            for (QAction *a : actions) {
                QString name = a->text().remove(QStringLiteral("…")).toLower();
                name.replace(QLatin1Char(' '), QLatin1Char('-'));
                if (name.startsWith(QLatin1String("import")))
                    continue; // shot above
                const int tabs = window.tabs()->count();
                dialogs.clear();
                a->trigger();
                settle(900);
                const QString file = tag + QStringLiteral("-admin-%1-%2").arg(++n).arg(name);
                if (!dialogs.isEmpty()) {
                    shot(dialogs.last(), file);
                    dialogs.last()->close();
                } else if (auto d = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                    shot(d, file);
                    d->close();
                } else if (window.tabs()->count() > tabs) {
                    shot(&window, file);
                    window.tabs()->removeTab(window.tabs()->count() - 1);
                } else {
                    for (QWidget *top : QApplication::topLevelWidgets()) {
                        if (top != &window && top->isVisible() && qobject_cast<QDialog *>(top)) {
                            shot(top, file);
                            top->close();
                        }
                    }
                }
            }
        }
    }
    Settings().setTheme(QStringLiteral("system"));
    return 0;
}
