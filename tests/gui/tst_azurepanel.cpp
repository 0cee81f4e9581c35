// The "Azure" root of the accounts tree after an Entra sign-in, against the gateway's mock ARM
// (real widgets, offscreen): the root appears with the signed-in identity, tenants ›
// subscriptions › NoSQL accounts load lazily when the tree expands them (MongoDB and Table
// accounts are left out), accounts page with "Load more…" when ARM answers a nextLink, the
// filter hides non-matching accounts without loading anything, activating an account opens
// it with the same sign-in (its databases listed), "Open with keys (listKeys)" opens it with
// its key (kept out of the settings file), a Reader's listKeys 403 is explained, and the root
// outlives the account that brought it while another account of the identity stays open, a
// second sign-in of the same identity adds no root, and a saved Entra connection brings it back.
// On an account with keys disabled, "Open with keys" is disabled and explained.

#include "entratestsupport.h"
#include "guitestsupport.h"

#include <accounttreemodel.h>
#include <azurecontroller.h>
#include <messagebar.h>
#include <secretstore.h>
#include <treecontroller.h>

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QMenu>
#include <QtTest>

#include <optional>

using namespace Cosmoscope;
using NodeKind = AccountTreeModel::NodeKind;

class tst_AzurePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void discoversFiltersAndOpensAccounts();
    void keysDisabledAccount();

private:
    /// Triggers the context-menu action of `index` whose text starts with `text`.
    bool triggerMenuAction(MainWindow *window, const QModelIndex &index, const QString &text);
    GatewayProcess m_gateway;
};

void tst_AzurePanel::initTestCase()
{
    prepareGuiTest();
    qRegisterMetaType<AccountSession *>(); // AzureController::keysOpened, spied
    // Keys allowed on the data plane, so that "Open with keys" can list databases.
    QVERIFY2(m_gateway.start({.seedSample = true, .entra = true}),
             qPrintable(m_gateway.errorString()));
}

bool tst_AzurePanel::triggerMenuAction(MainWindow *window,
                                       const QModelIndex &index,
                                       const QString &text)
{
    QMenu menu;
    window->treeController()->populateMenu(&menu, index);
    for (QAction *action : menu.actions()) {
        if (action->text().startsWith(text) && action->isEnabled()) {
            action->trigger();
            return true;
        }
    }
    return false;
}

void tst_AzurePanel::discoversFiltersAndOpensAccounts()
{
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    AccountTreeModel *model = window.treeModel();
    QTreeView *tree = window.treeView();
    auto azure = window.findChild<AzureController *>();
    QVERIFY(azure);
    QVERIFY(!azure->filterEdit()->isVisible()); // nothing signed in yet
    QVERIFY(model->azureRootIds().isEmpty());
    // Two accounts per ARM page: a subscription's accounts come with "Load more…".
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(),
                                      QStringLiteral("/_test/arm"),
                                      {{QStringLiteral("pageSize"), 2}}),
             200);

    AccountSession *session
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(session);
    const QString contoso = QStringLiteral("11111111-1111-4111-8111-111111111111");
    // The signed-in identity on the account node: the UPN in the text, the tenant in the tooltip.
    const QModelIndex signedIn = model->accountIndex(session->accountId());
    QTRY_VERIFY(signedIn.data().toString().contains(QStringLiteral("ada@contoso.test")));
    QVERIFY2(
        signedIn.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Tenant ") + contoso),
        qPrintable(signedIn.data(Qt::ToolTipRole).toString()));

    // The Azure root is in the same tree, one per sign-in.
    QCOMPARE(model->azureRootIds().size(), 1);
    const int rootId = model->azureRootIds().constFirst();
    const QModelIndex root = model->accountIndex(rootId);
    QCOMPARE(model->kind(root), NodeKind::AzureRoot);
    QTRY_COMPARE(root.data().toString(), QStringLiteral("Azure (ada@contoso.test)"));
    QVERIFY(root.data(Qt::ToolTipRole).toString().contains(contoso));
    QTRY_VERIFY(azure->filterEdit()->isVisible());

    // Lazy levels, loaded by expanding them in the view.
    const QModelIndex tenant = waitForChild(&window, root, QStringLiteral("Contoso (test)"));
    QVERIFY(tenant.isValid());
    QCOMPARE(model->kind(tenant), NodeKind::Tenant);
    const QModelIndex sub = waitForChild(&window, tenant, QStringLiteral("Cosmoscope Test"));
    QVERIFY(sub.isValid());
    QCOMPARE(model->kind(sub), NodeKind::Subscription);
    const QModelIndex staging = model->findChild(tenant, QStringLiteral("Cosmoscope Staging"));
    QVERIFY(staging.isValid());
    QVERIFY(model->canFetchMore(staging)); // not expanded: not loaded
    tree->expand(sub);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(sub) > 0 && !model->isLoading(sub), 15000);

    // "Load more…" until ARM has no nextLink: activated in the tree as a user would.
    int pages = 1;
    while (model->kind(model->index(model->rowCount(sub) - 1, 0, sub)) == NodeKind::LoadMore) {
        QVERIFY(++pages < 10);
        Q_EMIT tree->activated(model->index(model->rowCount(sub) - 1, 0, sub));
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(sub), 15000);
    }
    QCOMPARE(pages, 3); // 5 accounts, 2 a page
    QStringList names;
    for (int i = 0; i < model->rowCount(sub); ++i) {
        const QModelIndex index = model->index(i, 0, sub);
        QCOMPARE(model->kind(index), NodeKind::AzureAccount);
        names << index.data().toString();
    }
    names.sort();
    QCOMPARE(names,
             QStringList({QStringLiteral("analytics-west"),
                          QStringLiteral("cosmoscope-sandbox"),
                          QStringLiteral("reports-east")})); // no MongoDB, no Table account
    tree->scrollTo(model->index(0, 0, sub));
    EntraTest::saveShots(&window, QStringLiteral("azure-root"));

    // The filter hides what does not match among the loaded accounts, and loads nothing.
    QTest::keyClicks(azure->filterEdit(), QStringLiteral("SANDBOX"));
    QStringList shown;
    for (int i = 0; i < model->rowCount(sub); ++i) {
        if (!tree->isRowHidden(i, sub))
            shown << model->index(i, 0, sub).data().toString();
    }
    QCOMPARE(shown, QStringList{QStringLiteral("cosmoscope-sandbox")});
    QVERIFY(model->canFetchMore(staging));
    QVERIFY(!tree->isRowHidden(tenant.row(), root)); // levels stay
    // Accounts listed later are filtered as they arrive.
    const QModelIndex orders = waitForChild(&window, staging, QStringLiteral("orders-staging"));
    QVERIFY(orders.isValid());
    QVERIFY(tree->isRowHidden(orders.row(), staging));
    EntraTest::saveShots(&window, QStringLiteral("azure-root-filtered"));
    window.resize(1280, 800);
    const QModelIndex sandbox = model->findChild(sub, QStringLiteral("cosmoscope-sandbox"));
    QVERIFY(sandbox.isValid());
    const QString tip = sandbox.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Resource group "))
                 && tip.contains(m_gateway.url().host()),
             qPrintable(tip));
    azure->filterEdit()->clear();
    QVERIFY(!tree->isRowHidden(orders.row(), staging));
    // The model tester fetches every node it can: attached once laziness has been checked.
    std::optional<QAbstractItemModelTester> tester;
    tester.emplace(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Activating an account opens it with the same sign-in: Entra on the data plane.
    const int before = window.connections()->sessions().size();
    Q_EMIT tree->activated(sandbox);
    QCOMPARE(window.connections()->sessions().size(), before + 1);
    AccountSession *opened = window.connections()->sessions().constLast();
    QVERIFY(opened->client()->connection().usesEntra());
    QCOMPARE(opened->client()->connection().credential, session->client()->connection().credential);
    QVERIFY(opened->client()->connection().armAccountId.endsWith(
        QStringLiteral("/databaseAccounts/cosmoscope-sandbox")));
    QCOMPARE(tree->currentIndex(), model->accountIndex(opened->accountId()));
    QVERIFY(
        waitForChild(&window, model->accountIndex(opened->accountId()), QStringLiteral("SampleDB"))
            .isValid());
    Q_EMIT tree->activated(sandbox); // already open: selected, not opened twice
    QCOMPARE(window.connections()->sessions().size(), before + 1);
    QCOMPARE(model->azureRootIds().size(), 1); // one root per sign-in

    // "Open with keys (listKeys)": the key comes from ARM, into the keychain only.
    QSignalSpy keys(azure, &AzureController::keysOpened);
    QString barWhenDone; // the bar as keysOpened left it (the tester's loads show more later)
    connect(azure, &AzureController::keysOpened, this, [&] {
        barWhenDone = window.messageBar()->text();
    });
    QVERIFY(triggerMenuAction(&window, sandbox, QStringLiteral("Open with keys")));
    QVERIFY(keys.wait(15000));
    auto keySession = keys.at(0).at(0).value<AccountSession *>();
    QVERIFY2(keySession, qPrintable(keys.at(0).at(1).toString()));
    const QString key = keySession->client()->connection().masterKey;
    QVERIFY(!keySession->client()->connection().usesEntra());
    QVERIFY(!key.isEmpty());
    QVERIFY(waitForChild(
                &window, model->accountIndex(keySession->accountId()), QStringLiteral("SampleDB"))
                .isValid());
    QString stored;
    window.secrets()->read(QStringLiteral("arm-key:") + opened->client()->connection().armAccountId,
                           this,
                           [&stored](const QString &secret, bool) { stored = secret; });
    QTRY_COMPARE(stored, key);
    QSettings().sync();
    QFile file(QSettings().fileName());
    if (file.open(QIODevice::ReadOnly))
        QVERIFY(!file.readAll().contains(key.toLatin1()));

    // Without the right (an ARM Reader), listKeys' 403 is explained in the message bar.
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.armUrl(),
                 QStringLiteral("/_test/arm"),
                 {{QStringLiteral("armRole"),
                   QJsonObject{{QStringLiteral("ada@contoso.test"), QStringLiteral("Reader")}}}}),
             200);
    QVERIFY(triggerMenuAction(&window, sandbox, QStringLiteral("Open with keys")));
    QVERIFY(keys.wait(15000));
    QCOMPARE(keys.at(1).at(0).value<AccountSession *>(), nullptr);
    const QString refusal = keys.at(1).at(1).toString();
    QVERIFY2(refusal.contains(QStringLiteral("DocumentDB Account Contributor"))
                 && refusal.contains(QStringLiteral("listKeys")),
             qPrintable(refusal));
    QCOMPARE(barWhenDone, refusal);
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(),
                                      QStringLiteral("/_test/arm"),
                                      {{QStringLiteral("armRole"),
                                        QJsonObject{{QStringLiteral("ada@contoso.test"),
                                                     QStringLiteral("Contributor")}}}}),
             200);

    // Signing in again as the same identity (another credential) adds no second root. The
    // tester goes first: fetching every node, it would ask the new credential for a data-plane
    // and an ARM token at once, two browser sign-ins where the test plays one.
    tester.reset();
    AccountSession *again
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(again);
    QVERIFY(again->client()->connection().credential != session->client()->connection().credential);
    QCOMPARE(model->azureRootIds(), QList<int>{rootId});

    // The root stays while an account of that identity is open, and lists through it.
    window.connections()->closeAccount(session->accountId());
    window.connections()->closeAccount(opened->accountId());
    QCOMPARE(model->azureRootIds(), QList<int>{rootId});
    tree->collapse(model->accountIndex(rootId));
    model->refresh(model->accountIndex(rootId));
    QTRY_VERIFY(
        model->findChild(model->accountIndex(rootId), QStringLiteral("Contoso (test)")).isValid());
    window.connections()->closeAccount(again->accountId());
    QVERIFY(model->azureRootIds().isEmpty());
    QVERIFY(!azure->filterEdit()->isVisible());

    // A saved Entra connection, as session restore reopens it, brings the root back; the
    // identity shows once its sign-in completes (here in the browser: no refresh token kept).
    EntraTest::authorizeUrl().clear();
    window.connections()->openSaved(EntraTest::savedConnection(m_gateway));
    QCOMPARE(model->azureRootIds().size(), 1);
    const QModelIndex restored = model->accountIndex(model->azureRootIds().constFirst());
    QCOMPARE(restored.data().toString(), QStringLiteral("Azure"));
    QTRY_VERIFY_WITH_TIMEOUT(EntraTest::authorizeUrl().isValid(), 15000);
    QCOMPARE(GatewayProcess::followAuthorizeUrl(EntraTest::authorizeUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        restored.data().toString(), QStringLiteral("Azure (ada@contoso.test)"), 15000);
    QVERIFY(azure->filterEdit()->isVisible());
}

// An account with key authentication disabled (disableLocalAuth): its menu says so and does
// not offer listKeys; asked anyway, the controller explains instead of fetching keys.
void tst_AzurePanel::keysDisabledAccount()
{
    GatewayProcess gateway;
    QVERIFY2(gateway.start({.seedSample = true, .entra = true, .disableLocalAuth = true}),
             qPrintable(gateway.errorString()));
    MainWindow window;
    window.show();
    AccountTreeModel *model = window.treeModel();
    auto azure = window.findChild<AzureController *>();
    QVERIFY(azure);
    QVERIFY(EntraTest::signIn(&window, gateway, QStringLiteral("ada@contoso.test")));
    QCOMPARE(model->azureRootIds().size(), 1);
    const QModelIndex root = model->accountIndex(model->azureRootIds().constFirst());
    const QModelIndex tenant = waitForChild(&window, root, QStringLiteral("Contoso (test)"));
    const QModelIndex sub = waitForChild(&window, tenant, QStringLiteral("Cosmoscope Test"));
    const QModelIndex sandbox = waitForChild(&window, sub, QStringLiteral("cosmoscope-sandbox"));
    QVERIFY(sandbox.isValid());
    QVERIFY(sandbox.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Keys disabled")));

    QMenu menu;
    window.treeController()->populateMenu(&menu, sandbox);
    QStringList enabled;
    QAction *keysAction = nullptr;
    for (QAction *action : menu.actions()) {
        if (action->text().startsWith(QStringLiteral("Open with keys")))
            keysAction = action;
        else if (action->isEnabled() && !action->isSeparator())
            enabled << action->text();
    }
    QVERIFY(keysAction);
    QVERIFY(!keysAction->isEnabled());
    QCOMPARE(keysAction->text(), QStringLiteral("Open with keys (disabled on this account)"));
    QVERIFY(enabled.contains(QStringLiteral("Open with Microsoft Entra ID")));
    QCOMPARE(menu.defaultAction()->text(), QStringLiteral("Open with Microsoft Entra ID"));

    QSignalSpy keys(azure, &AzureController::keysOpened);
    const int sessions = window.connections()->sessions().size();
    azure->openWithKeys(sandbox);
    QCOMPARE(keys.size(), 1); // answered at once: nothing asked of ARM
    QCOMPARE(keys.at(0).at(0).value<AccountSession *>(), nullptr);
    QVERIFY(keys.at(0).at(1).toString().contains(QStringLiteral("key authentication disabled")));
    QCOMPARE(window.connections()->sessions().size(), sessions);
}

QTEST_MAIN(tst_AzurePanel)
#include "tst_azurepanel.moc"
