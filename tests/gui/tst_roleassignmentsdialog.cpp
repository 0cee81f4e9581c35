// The RBAC dialog of an Entra account against the gateway's mock ARM (--entra
// --disable-local-auth): ada (Data Reader) saving an item is refused with 403/5301, the
// message names Data Contributor and offers "Role assignments…"; the dialog lists built-in
// roles and assignments, assigns Data Contributor to ada (principal prefilled), and the same
// save then succeeds; a custom role from the data-action checklist; deleting an assignment
// (confirmed) brings the refusal back. Management dialogs on the Entra connection go through
// ARM: a container created and its throughput switched to autoscale.

#include "entratestsupport.h"
#include "guitestsupport.h"

#include <armrbac.h>
#include <codeeditor.h>
#include <contextactions.h>
#include <itemeditor.h>
#include <manageutil.h>
#include <messagebar.h>
#include <resourcedialogs.h>
#include <roleassignmentsdialog.h>
#include <throughputdialog.h>
#include <treecontroller.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

using namespace Cosmoscope;
using namespace Manage;
using Cosmos::ResourcePath;

class tst_RoleAssignmentsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusalThenAssignment();
    void customRoleAndDelete();
    void managementThroughArm();

private:
    RoleAssignmentsDialog *waitForRbacDialog(MainWindow *window);
    bool saveItem(MainWindow *window, AccountSession *session, const QString &id);

    GatewayProcess m_gateway;
    QPointer<ItemsTab> m_tab; ///< the tab of the last saveItem(): its messages are its own
    QStringList m_questions;  ///< what confirmation boxes asked (answered yes)
};

void tst_RoleAssignmentsDialog::initTestCase()
{
    prepareGuiTest();
    setConfirmHandler([this](const QString &, const QString &text) {
        m_questions << text;
        return true;
    });
    QVERIFY2(m_gateway.start({.seedSample = true, .entra = true, .disableLocalAuth = true}),
             qPrintable(m_gateway.errorString()));
    // Quick long-running operations: two polls, no waiting between them.
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.armUrl(),
                 QStringLiteral("/_test/arm"),
                 {{QStringLiteral("lroPolls"), 2}, {QStringLiteral("retryAfter"), 0}}),
             200);
}

RoleAssignmentsDialog *tst_RoleAssignmentsDialog::waitForRbacDialog(MainWindow *window)
{
    RoleAssignmentsDialog *dialog = nullptr;
    QTest::qWaitFor(
        [&] {
            dialog = window->findChild<RoleAssignmentsDialog *>();
            return dialog && dialog->isVisible();
        },
        5000);
    return dialog;
}

// Saves a new item in the items tab's editor; true when saved, false when the bar shows an
// error.
bool tst_RoleAssignmentsDialog::saveItem(MainWindow *window,
                                         AccountSession *session,
                                         const QString &id)
{
    ItemsTab *tab = window->openItemsTab(
        session, ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Products")));
    m_tab = tab;
    ItemEditor *editor = tab->editor();
    if (!QTest::qWaitFor([&] { return !editor->isBusy(); }, 15000))
        return false;
    editor->newItem();
    editor->editor()->setText(
        QStringLiteral("{\"id\": \"%1\", \"category\": \"rbac\", \"price\": 1}").arg(id));
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    tab->messageBar()->dismiss();
    editor->save();
    QTest::qWaitFor(
        [&] {
            return saved.size() > 0
                   || (tab->messageBar()->isVisible()
                       && tab->messageBar()->type() == MessageBar::Type::Error);
        },
        15000);
    return saved.size() > 0;
}

void tst_RoleAssignmentsDialog::refusalThenAssignment()
{
    MainWindow window;
    window.show();
    AccountSession *session
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(session);

    // ada is a Data Reader: the write is refused, in the user's terms, with a way out.
    QVERIFY(!saveItem(&window, session, QStringLiteral("rbac-1")));
    QVERIFY(m_tab);
    const QString refusal = m_tab->messageBar()->text();
    QVERIFY2(refusal.contains(QStringLiteral("Data Contributor")), qPrintable(refusal));
    auto roleButton
        = m_tab->messageBar()->findChild<QToolButton *>(QStringLiteral("roleAssignmentsButton"));
    QVERIFY(roleButton);
    QVERIFY(roleButton->isVisible());
    window.treeView()->setCurrentIndex(window.treeModel()->accountIndex(session->accountId()));
    QTest::mouseClick(roleButton, Qt::LeftButton);
    RoleAssignmentsDialog *dialog = waitForRbacDialog(&window);
    QVERIFY(dialog);
    QSignalSpy loaded(dialog, &RoleAssignmentsDialog::loaded);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy() && !dialog->definitions().isEmpty(), 15000);
    // The counts read as words, never "role assignment(s)" (issue 11, finding 15).
    const auto counted = [](qsizetype n, const char *noun) {
        return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(noun),
                                                    n == 1 ? QString() : QStringLiteral("s"));
    };
    QCOMPARE(
        dialog->statusText(),
        QStringLiteral("%1, %2.").arg(counted(dialog->assignments().size(), "role assignment"),
                                      counted(dialog->definitions().size(), "role definition")));

    // Built-in roles are listed; ada's object id is prefilled; ada holds Data Reader.
    QStringList roles;
    for (const Cosmos::Arm::RoleDefinition &d : dialog->definitions())
        roles << d.roleName;
    QVERIFY2(roles.contains(QStringLiteral("Cosmos DB Built-in Data Reader")),
             qPrintable(roles.join(", ")));
    QVERIFY(roles.contains(QStringLiteral("Cosmos DB Built-in Data Contributor")));
    const QString ada = session->client()->connection().credential->objectId();
    QVERIFY(!ada.isEmpty());
    QCOMPARE(dialog->principalEdit()->text(), ada);
    const auto assignmentsOf = [&](const QString &principal) {
        QStringList held;
        for (const Cosmos::Arm::RoleAssignment &a : dialog->assignments()) {
            if (a.principalId == principal)
                held << a.roleDefinitionId.section(QLatin1Char('/'), -1);
        }
        return held;
    };
    QVERIFY(assignmentsOf(ada).contains(Cosmos::Arm::dataReaderRoleId()));
    QVERIFY(!assignmentsOf(ada).contains(Cosmos::Arm::dataContributorRoleId()));
    QCOMPARE(dialog->assignmentsView()->rowCount(), int(dialog->assignments().size()));

    // Assign Data Contributor on the account.
    QComboBox *role = dialog->roleChooser();
    role->setCurrentIndex(role->findData(Cosmos::Arm::dataContributorRoleId()));
    QCOMPARE(role->currentText(), QStringLiteral("Cosmos DB Built-in Data Contributor"));
    QCOMPARE(dialog->scopeChooser()->currentData().toString(), QStringLiteral("/"));
    QSignalSpy finished(dialog, &RoleAssignmentsDialog::operationFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("assignButton")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(assignmentsOf(ada).contains(Cosmos::Arm::dataContributorRoleId()),
                             15000);

    dialog->assignmentsView()->selectRow(0);
    EntraTest::saveShots(dialog, QStringLiteral("rbac-dialog"));

    // The same write now succeeds.
    QVERIFY2(saveItem(&window, session, QStringLiteral("rbac-1")),
             qPrintable(window.messageBar()->text()));
}

void tst_RoleAssignmentsDialog::customRoleAndDelete()
{
    MainWindow window;
    window.show();
    AccountSession *session
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(session);
    RoleAssignmentsDialog *dialog
        = window.treeController()->manageActions()->openRoleAssignments(session->client());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy() && !dialog->definitions().isEmpty(), 15000);
    const int definitionsBefore = int(dialog->definitions().size());

    // A custom role from the checklist.
    QTest::keyClicks(dialog->customRoleName(), QStringLiteral("Item reader and writer"));
    QListWidget *actions = dialog->dataActions();
    QStringList chosen;
    for (int i = 0; i < actions->count(); ++i) {
        const QString action = actions->item(i)->data(Qt::UserRole).toString();
        if (action.endsWith(QLatin1String("/items/read"))
            || action.endsWith(QLatin1String("/items/create"))) {
            actions->item(i)->setCheckState(Qt::Checked);
            chosen << action;
        }
    }
    QCOMPARE(chosen.size(), 2);
    QSignalSpy finished(dialog, &RoleAssignmentsDialog::operationFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("createRole")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->statusText()));
    QTRY_COMPARE_WITH_TIMEOUT(int(dialog->definitions().size()), definitionsBefore + 1, 15000);
    bool found = false;
    for (const Cosmos::Arm::RoleDefinition &d : dialog->definitions()) {
        if (d.roleName == QLatin1String("Item reader and writer")) {
            found = true;
            QCOMPARE(d.type, QStringLiteral("CustomRole"));
            QCOMPARE(QSet<QString>(d.dataActions.begin(), d.dataActions.end()),
                     QSet<QString>(chosen.begin(), chosen.end()));
        }
    }
    QVERIFY(found);

    // Deleting an assignment asks first; confirmed, it is gone.
    const int before = int(dialog->assignments().size());
    QVERIFY(before > 0);
    dialog->assignmentsView()->selectRow(0);
    const QString name = dialog->assignments().first().name;
    dialog->deleteSelected();
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = dialog->findChild<QMessageBox *>(QStringLiteral("confirmDelete"))));
    finished.clear();
    confirm->button(QMessageBox::Yes)->click();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->statusText()));
    QTRY_COMPARE_WITH_TIMEOUT(int(dialog->assignments().size()), before - 1, 15000);
    for (const Cosmos::Arm::RoleAssignment &a : dialog->assignments())
        QVERIFY(a.name != name);
}

void tst_RoleAssignmentsDialog::managementThroughArm()
{
    MainWindow window;
    window.show();
    AccountSession *session
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(session);
    const QModelIndex account = window.treeModel()->accountIndex(session->accountId());
    const QModelIndex db = waitForChild(&window, account, QStringLiteral("SampleDB"));
    QVERIFY(db.isValid());

    // New container… on an Entra connection: the data plane would refuse it (403/5300); it
    // goes through ARM's sqlDatabases/containers.
    window.treeController()->createContainer(db);
    CreateContainerDialog *create = nullptr;
    QTRY_VERIFY((create = window.findChild<CreateContainerDialog *>()) && create->isVisible());
    QTest::keyClicks(create->idEdit(), QStringLiteral("ViaArm"));
    QTest::keyClicks(create->pathEdit(0), QStringLiteral("/pk"));
    create->throughput()->setMode(ThroughputBox::Mode::Manual);
    create->throughput()->setValue(400);
    create->accept();
    const QModelIndex container = waitForChild(&window, db, QStringLiteral("ViaArm"), 30000);
    QVERIFY2(container.isValid(), qPrintable(window.messageBar()->text()));

    // Throughput… → autoscale up to 4000, through ARM's throughputSettings.
    window.treeController()->manageActions()->openThroughput(
        session->client(),
        ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("ViaArm")));
    ThroughputDialog *throughput = nullptr;
    QTRY_VERIFY((throughput = window.findChild<ThroughputDialog *>()));
    QTRY_VERIFY_WITH_TIMEOUT(
        throughput->currentLabel()->text().contains(QStringLiteral("Manual, 400 RU/s")), 15000);
    QVERIFY(throughput->manualButton()->isChecked());
    QTest::mouseClick(throughput->autoscaleButton(), Qt::LeftButton);
    throughput->valueBox()->setValue(4000);
    QSignalSpy saved(throughput, &ThroughputDialog::saved);
    QTest::mouseClick(throughput->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(30000));
    QVERIFY(throughput->current().autoscale);
    QCOMPARE(throughput->current().autoscaleMaxThroughput, 4000);
}

QTEST_MAIN(tst_RoleAssignmentsDialog)
#include "tst_roleassignmentsdialog.moc"
