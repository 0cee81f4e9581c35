// The screenshot tour's management, schema, help and Entra screens (see shots_tour.cpp).

#include "shots_tour.h"

#include "entratestsupport.h"
#include "gatewayprocess.h"

#include <aboutdialog.h>
#include <accountsession.h>
#include <accounttreemodel.h>
#include <changefeedview.h>
#include <conflictsview.h>
#include <contextactions.h>
#include <executedialog.h>
#include <fieldmodel.h>
#include <jsonlistmodel.h>
#include <mainwindow.h>
#include <manageutil.h>
#include <permissionsdialog.h>
#include <resourcequerydialog.h>
#include <resourcedialogs.h>
#include <roleassignmentsdialog.h>
#include <schematab.h>
#include <shortcutsdialog.h>
#include <sourceeditor.h>
#include <throughputdialog.h>
#include <treecontroller.h>
#include <usersdialog.h>

#include <QDockWidget>
#include <QTableWidget>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTreeView>

using namespace Cosmoscope;
using namespace Manage;
using Cosmos::ResourceKind;
using Cosmos::ResourcePath;

namespace {

const ResourcePath Products = ResourcePath::container(QStringLiteral("SampleDB"),
                                                      QStringLiteral("Products"));

/// Runs `open`, waits for the tab it adds, shoots the window; returns the tab (or null).
QWidget *shootTab(ShotTour &tour, MainWindow *window, const QString &screen,
                  const std::function<void()> &open, int ms = 900)
{
    const int before = window->tabs()->count();
    open();
    ShotTour::waitFor([&] { return window->tabs()->count() > before; }, 5000);
    ShotTour::settle(ms);
    tour.shot(window, screen);
    return window->tabs()->count() > before ? window->tabs()->currentWidget() : nullptr;
}

/// Closes the tab and gives the window back its pass's size (a tab may have widened it).
void closeTab(ShotTour &tour, MainWindow *window, QWidget *tab)
{
    if (tab) {
        window->tabs()->removeTab(window->tabs()->indexOf(tab));
        delete tab;
    }
    window->resize(tour.size());
}

/// Shows what confirm() asks as the real question box would, shoots it, answers No.
void shootConfirmations(ShotTour &tour, const QString &screen)
{
    setConfirmHandler([&tour, screen](const QString &title, const QString &text) {
        QMessageBox box(QMessageBox::Question, title, text,
                        QMessageBox::Yes | QMessageBox::Cancel);
        box.show();
        tour.shotDialog(&box, screen);
        return false;
    });
}

} // namespace

namespace Tour {

void schemaAndLog(ShotTour &tour, MainWindow *window, AccountSession *session)
{
    SchemaTab *schema = window->openSchemaTab(session, Products); // it starts sampling
    ShotTour::waitFor([schema] { return schema->sampleButton()->isEnabled(); }, 60000);
    ShotTour::settle(800);
    schema->selectField(QStringLiteral("category"));
    tour.shot(window, QStringLiteral("schema"));
    closeTab(tour, window, schema);

    window->requestLogDock()->show();
    tour.shot(window, QStringLiteral("request-log"));
    window->requestLogDock()->hide();
    window->resize(tour.size());
}

void admin(ShotTour &tour, MainWindow *window, AccountSession *session)
{
    Cosmos::CosmosClient *client = session->client();
    auto manage = new ContextActions(window, window);
    QObject::connect(manage, &ContextActions::openTab, window,
                     [window, session](QWidget *tab, const QString &title) {
                         window->openWidgetTab(session, tab, title);
                     });
    QList<QWidget *> dialogs;
    QObject::connect(manage, &ContextActions::dialogOpened, window,
                     [&dialogs](QWidget *d) { dialogs << d; });
    const auto lastDialog = [&dialogs]() -> QWidget * {
        ShotTour::waitFor([&] { return !dialogs.isEmpty(); }, 5000);
        return dialogs.isEmpty() ? nullptr : dialogs.takeLast();
    };

    const ResourcePath sampleDb = ResourcePath::database(QStringLiteral("SampleDB"));
    for (const auto &[screen, path] : {std::pair{"properties-account", ResourcePath()},
                                       std::pair{"properties-database", sampleDb},
                                       std::pair{"properties-container", Products}}) {
        closeTab(tour, window, shootTab(tour, window, QLatin1String(screen),
                                  [&, p = path] { manage->openProperties(client, p); }));
    }

    // New database / container, from the tree's controller.
    AccountTreeModel *model = window->treeModel();
    const QModelIndex account = model->accountIndex(session->accountId());
    window->treeController()->createDatabase(account);
    if (auto d = window->findChild<CreateDatabaseDialog *>()) {
        d->idEdit()->setText(QStringLiteral("Inventory"));
        tour.shotDialog(d, QStringLiteral("new-database"));
        d->close();
    }
    window->treeController()->createContainer(
        model->findChild(account, QStringLiteral("SampleDB")));
    if (auto d = window->findChild<CreateContainerDialog *>()) {
        d->idEdit()->setText(QStringLiteral("Orders2026"));
        d->pathEdit(0)->setText(QStringLiteral("/customerId"));
        tour.shotDialog(d, QStringLiteral("new-container"));
        d->close();
    }

    // Throughput: the container's, the confirmation of a change, a shared database's.
    manage->openThroughput(client, Products);
    if (auto d = qobject_cast<ThroughputDialog *>(lastDialog())) {
        ShotTour::waitFor([d] { return d->state() != ThroughputDialog::State::Loading; });
        tour.shotDialog(d, QStringLiteral("throughput"));
        d->valueBox()->setValue(1000);
        shootConfirmations(tour, QStringLiteral("throughput-confirm"));
        d->save();
        setConfirmHandler(nullptr);
        d->close();
    }
    manage->openThroughput(client, ResourcePath::database(QStringLiteral("TelemetryDB")));
    if (auto d = qobject_cast<ThroughputDialog *>(lastDialog())) {
        ShotTour::waitFor([d] { return d->state() != ThroughputDialog::State::Loading; });
        tour.shotDialog(d, QStringLiteral("throughput-database"));
        d->close();
    }

    // Scripts: each kind's editor, a new one, and Execute… with a result.
    const ResourcePath sproc = Products.child(ResourceKind::StoredProcedure,
                                              QStringLiteral("bulkUpdatePrice"));
    const struct
    {
        const char *screen;
        ResourcePath path;
    } scripts[] = {
        {"script-sproc", sproc},
        {"script-trigger", Products.child(ResourceKind::Trigger, QStringLiteral("addTimestamp"))},
        {"script-udf", Products.child(ResourceKind::Udf, QStringLiteral("tax"))},
        {"script-new-trigger", Products.feed(ResourceKind::Trigger)},
    };
    for (const auto &s : scripts) {
        closeTab(tour, window, shootTab(tour, window, QLatin1String(s.screen),
                                  [&] { manage->openScript(client, s.path); }));
    }
    manage->openExecute(client, sproc);
    if (auto d = qobject_cast<ExecuteStoredProcedureDialog *>(lastDialog())) {
        d->partitionKeyEdit()->setText(QStringLiteral("\"Books\""));
        d->parametersEditor()->setText(QStringLiteral("[0]"));
        ShotTour::settle(300);
        d->execute();
        ShotTour::waitFor([d] { return !d->resultView()->text().isEmpty(); }, 5000);
        tour.shotDialog(d, QStringLiteral("execute"));
        d->close();
    }

    // Users and permissions.
    manage->openUsers(client, sampleDb);
    if (auto d = qobject_cast<UsersDialog *>(lastDialog())) {
        ShotTour::waitFor([d] { return d->model()->rowCount() > 0 && !d->isBusy(); });
        d->selectUser(QStringLiteral("reader"));
        ShotTour::settle(600);
        tour.shotDialog(d, QStringLiteral("users"), true);
        d->close();
    }
    manage->openPermissions(client, sampleDb.child(ResourceKind::User, QStringLiteral("reader")));
    if (auto d = qobject_cast<PermissionsDialog *>(lastDialog())) {
        ShotTour::waitFor([d] { return d->model()->rowCount() > 0 && d->resourcesLoaded(); });
        d->selectPermission(QStringLiteral("read-products"));
        ShotTour::settle(600);
        tour.shotDialog(d, QStringLiteral("permissions"), true);
        d->close();
    }
    manage->openQuery(client, Products.feed(ResourceKind::Conflict));
    if (auto d = qobject_cast<ResourceQueryDialog *>(lastDialog())) {
        d->run();
        ShotTour::settle(800);
        d->select(0);
        tour.shotDialog(d, QStringLiteral("query-conflicts"), true);
        d->close();
    }

    // Container settings, change feed, conflicts and the compare of one.
    closeTab(tour, window, shootTab(tour, window, QStringLiteral("container-settings"),
                              [&] { manage->openSettings(client, Products); }));
    closeTab(tour, window, shootTab(tour, window, QStringLiteral("change-feed"),
                              [&] {
                                  manage->openChangeFeed(client, Products);
                                  if (auto view = qobject_cast<ChangeFeedView *>(
                                          window->tabs()->currentWidget()))
                                      view->start();
                              },
                              1500));
    QWidget *conflicts = shootTab(tour, window, QStringLiteral("conflicts"),
                                  [&] { manage->openConflicts(client, Products); });
    if (auto view = qobject_cast<ConflictsView *>(conflicts)) {
        ShotTour::waitFor([view] { return view->model()->rowCount() > 0; });
        view->select(0);
        ShotTour::settle(1200);
        tour.shot(window, QStringLiteral("conflicts-compare"));
    }
    closeTab(tour, window, conflicts);
}

void help(ShotTour &tour, MainWindow *window)
{
    {
        ShortcutsDialog dialog(window);
        dialog.show();
        tour.shotDialog(&dialog, QStringLiteral("help-shortcuts"));
    }
    AboutDialog dialog(window);
    dialog.show();
    tour.shotDialog(&dialog, QStringLiteral("help-about"));
}

void roleAssignments(ShotTour &tour, MainWindow *window, const GatewayProcess &gateway)
{
    AccountSession *session
        = EntraTest::signIn(window, gateway, QStringLiteral("ada@contoso.test"));
    if (!session) {
        fprintf(stderr, "Entra sign-in failed: no role assignments screen\n");
        return;
    }
    RoleAssignmentsDialog *d
        = window->treeController()->manageActions()->openRoleAssignments(session->client());
    ShotTour::waitFor([d] { return !d->isBusy() && d->assignmentsView()->rowCount() > 0; });
    tour.shotDialog(d, QStringLiteral("role-assignments"), true);
    d->close();
}

} // namespace Tour
