// Microsoft Entra ID and Azure Resource Manager against the gateway's mocks: management of an
// Entra connection through ARM (databases, containers, throughput, scripts), long-running
// operations, discovery, RBAC refusals explained and lifted by a role assignment.
#include "entrasupport.h"

using namespace EntraSupport;

class tst_EntraArm : public EntraTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startGateway(); }
    void servicePrincipalManagesThroughArm();
    void deviceCodeUserGetsRoleAssigned();
    void discoveryListsNoSqlAccounts();
    void longRunningOperationPolling();
    void armRefusalExplained();
    void damagedArmAnswerIsAnError();
};

void tst_EntraArm::servicePrincipalManagesThroughArm()
{
    auto credential = servicePrincipal();
    auto c = client(credential);
    const CosmosResponse account = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(account.ok(), qPrintable(account.error.toString()));
    QCOMPARE(credential->username(), QString::fromLatin1(SpClientId));

    const int before = armRequests();
    QSignalSpy progress(c->controlPlane(), &Arm::ControlPlane::progress);
    QSignalSpy recorded(c.get(), &CosmosClient::requestRecorded);
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(),
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("sp-db")}},
                  {},
                  nullptr,
                  cb);
    });
    QVERIFY2(db.ok(), qPrintable(db.error.toString()));
    QCOMPARE(db.status, 201);
    QCOMPARE(db.object().value(QStringLiteral("id")).toString(), QStringLiteral("sp-db"));
    QVERIFY(armRequests() > before); // went through ARM, not the data plane (403/5300 there)
    QVERIFY(progress.count() > 0);
    // The ARM attempts are in the request log, with their path and status, and no token.
    QStringList armPaths;
    for (const QList<QVariant> &args : recorded) {
        const auto record = args.at(0).value<RequestRecord>();
        const QByteArray line = record.toJsonLine();
        QVERIFY2(!line.contains("Bearer") && !line.contains("eyJ"), line.constData());
        if (record.operation.startsWith(QLatin1String("ARM ")))
            armPaths << QStringLiteral("%1 %2 %3").arg(record.method).arg(record.status).arg(
                record.resourcePath.section(QLatin1Char('/'), -2));
    }
    QVERIFY2(armPaths.contains(QStringLiteral("PUT 202 sqlDatabases/sp-db"))
                 || armPaths.contains(QStringLiteral("PUT 200 sqlDatabases/sp-db"))
                 || armPaths.contains(QStringLiteral("PUT 201 sqlDatabases/sp-db")),
             qPrintable(armPaths.join(QLatin1String(", "))));

    const CosmosResponse again = await([&](auto cb) {
        c->create(ResourcePath::databases(),
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("sp-db")}},
                  {},
                  nullptr,
                  cb);
    });
    QCOMPARE(again.error.status, 409);

    RequestOptions options;
    options.offerThroughput = 400;
    const QJsonObject container{
        {QStringLiteral("id"), QStringLiteral("orders")},
        {QStringLiteral("partitionKey"),
         QJsonObject{{QStringLiteral("paths"), QJsonArray{QStringLiteral("/pk")}},
                     {QStringLiteral("kind"), QStringLiteral("Hash")}}}};
    const CosmosResponse created = await([&](auto cb) {
        c->create(ResourcePath::database(QStringLiteral("sp-db")).feed(ResourceKind::Container),
                  container,
                  options,
                  nullptr,
                  cb);
    });
    QVERIFY2(created.ok(), qPrintable(created.error.toString()));
    const ResourcePath coll
        = ResourcePath::container(QStringLiteral("sp-db"), QStringLiteral("orders"));

    Throughput t = throughput(c.get(), coll, nullptr);
    QVERIFY2(!t.error.isError(), qPrintable(t.error.toString()));
    QCOMPARE(t.info.autoscale, false);
    QCOMPARE(t.info.throughput, 400);
    const ThroughputSettings autoscale{true, 4000};
    t = throughput(c.get(), coll, &autoscale);
    QVERIFY2(!t.error.isError(), qPrintable(t.error.toString()));
    QCOMPARE(t.info.autoscale, true);
    QCOMPARE(t.info.autoscaleMaxThroughput, 4000);
    t = throughput(c.get(), coll, nullptr); // read back
    QCOMPARE(t.info.autoscale, true);
    QCOMPARE(t.info.autoscaleMaxThroughput, 4000);

    const QJsonObject sproc{
        {QStringLiteral("id"), QStringLiteral("hello")},
        {QStringLiteral("body"),
         QStringLiteral("function () { getContext().getResponse().setBody('hi'); }")}};
    const CosmosResponse saved = await([&](auto cb) {
        c->create(coll.feed(ResourceKind::StoredProcedure), sproc, {}, nullptr, cb);
    });
    QVERIFY2(saved.ok(), qPrintable(saved.error.toString()));
    QCOMPARE(saved.status, 201);
    QJsonObject changed = sproc;
    changed.insert(QStringLiteral("body"),
                   QStringLiteral("function () { getContext().getResponse().setBody('hey'); }"));
    const CosmosResponse replaced = await([&](auto cb) {
        c->replace(coll.child(ResourceKind::StoredProcedure, QStringLiteral("hello")),
                   changed,
                   {},
                   nullptr,
                   cb);
    });
    QVERIFY2(replaced.ok(), qPrintable(replaced.error.toString()));
    // The data plane serves what ARM saved; execution is a data action the SP holds.
    RequestOptions pk;
    pk.partitionKey = PartitionKey(QJsonArray{QStringLiteral("x")});
    const CosmosResponse ran = await([&](auto cb) {
        c->executeStoredProcedure(
            coll.child(ResourceKind::StoredProcedure, QStringLiteral("hello")),
            {},
            pk,
            nullptr,
            cb);
    });
    QVERIFY2(ran.ok(), qPrintable(ran.error.toString()));
    QCOMPARE(ran.body, QByteArray("\"hey\""));
    const CosmosResponse item = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create,
                     coll,
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
                                 {QStringLiteral("pk"), QStringLiteral("x")}},
                     {},
                     nullptr,
                     cb);
    });
    QVERIFY2(item.ok(), qPrintable(item.error.toString()));
    const CosmosResponse removed = await([&](auto cb) {
        c->remove(ResourcePath::database(QStringLiteral("sp-db")), {}, nullptr, cb);
    });
    QVERIFY2(removed.ok(), qPrintable(removed.error.toString()));
    QCOMPARE(removed.status, 204);
}

void tst_EntraArm::deviceCodeUserGetsRoleAssigned()
{
    auto credential = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    QString shownCode;
    connect(credential.get(),
            &Entra::DeviceCodeCredential::userCodeReady,
            this,
            [&](const QString &code, const QUrl &uri, const QString &message) {
                shownCode = code;
                QVERIFY(message.contains(code));
                QCOMPARE(uri.path(), QStringLiteral("/devicelogin"));
                QCOMPARE(m_gateway.deviceLogin(code, QStringLiteral("ada@contoso.test")), 200);
            });
    auto c = client(credential);
    const CosmosResponse account = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(account.ok(), qPrintable(account.error.toString()));
    QVERIFY(!shownCode.isEmpty());
    QCOMPARE(credential->username(), QStringLiteral("ada@contoso.test"));
    QVERIFY(credential->hasRefreshToken());

    // Ada holds Data Reader only: a write is refused with 403/5301, explained.
    QVERIFY(createContainerViaArm(c.get()));
    const ResourcePath coll
        = ResourcePath::container(QStringLiteral("ada-db"), QStringLiteral("notes"));
    const QJsonObject doc{{QStringLiteral("id"), QStringLiteral("n1")},
                          {QStringLiteral("pk"), QStringLiteral("a")}};
    CosmosResponse write = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create, coll, doc, {}, nullptr, cb);
    });
    QCOMPARE(write.error.status, 403);
    QCOMPARE(write.error.subStatus, 5301);
    QVERIFY2(write.error.message.contains(QStringLiteral("Cosmos DB Built-in Data Contributor")),
             qPrintable(write.error.message));
    QVERIFY(write.error.message.contains(QStringLiteral("00000000-0000-0000-0000-000000000002")));
    QVERIFY(write.error.message.contains(QStringLiteral("az cosmosdb sql role assignment create")));
    QVERIFY(write.error.message.contains(QString::fromLatin1(AdaOid)));
    QVERIFY(write.error.message.contains(QStringLiteral("items/create")));
    QVERIFY(write.error.message.contains(QStringLiteral("--resource-group rg-cosmoscope")));

    // Ada is an ARM Contributor: she assigns herself Data Contributor on the container.
    Arm::Rbac rbac(c->controlPlane()->arm(), c->controlPlane()->knownAccountId());
    Arm::ArmResponse assigned;
    QVERIFY(waitOp(rbac.createAssignment(QString::fromLatin1(AdaOid),
                                         Arm::dataContributorRoleId(),
                                         QStringLiteral("/dbs/ada-db/colls/notes"),
                                         nullptr),
                   &assigned));
    QVERIFY2(assigned.ok(), qPrintable(assigned.error.toString()));
    const Arm::RoleAssignment a = Arm::RoleAssignment::fromJson(assigned.json);
    QCOMPARE(a.principalId, QString::fromLatin1(AdaOid));
    QVERIFY(a.scope.endsWith(QStringLiteral("/dbs/ada-db/colls/notes")));

    write = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create, coll, doc, {}, nullptr, cb);
    });
    QVERIFY2(write.ok(), qPrintable(write.error.toString()));
    QCOMPARE(write.status, 201);

    // Listing shows it; deleting it takes the right away again.
    auto assignments = std::make_shared<std::optional<QList<Arm::RoleAssignment>>>();
    rbac.assignments(nullptr,
                     [assignments](const QList<Arm::RoleAssignment> &l, const CosmosError &) {
                         *assignments = l;
                     });
    QVERIFY(QTest::qWaitFor([&] { return assignments->has_value(); }, WaitMs));
    QVERIFY(std::any_of((*assignments)->cbegin(),
                        (*assignments)->cend(),
                        [&](const Arm::RoleAssignment &x) { return x.name == a.name; }));
    Arm::ArmResponse deleted;
    QVERIFY(waitOp(rbac.deleteAssignment(a.name, nullptr), &deleted));
    QVERIFY2(deleted.ok(), qPrintable(deleted.error.toString()));
    write = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create,
                     coll,
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("n2")},
                                 {QStringLiteral("pk"), QStringLiteral("a")}},
                     {},
                     nullptr,
                     cb);
    });
    QCOMPARE(write.error.subStatus, 5301);

    // A custom role from data actions.
    Arm::ArmResponse role;
    QVERIFY(waitOp(
        rbac.createDefinition(
            QStringLiteral("Item writers"),
            {QStringLiteral("Microsoft.DocumentDB/databaseAccounts/readMetadata"),
             QStringLiteral(
                 "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create")},
            nullptr),
        &role));
    QVERIFY2(role.ok(), qPrintable(role.error.toString()));
    QCOMPARE(Arm::RoleDefinition::fromJson(role.json).type, QStringLiteral("CustomRole"));
}

void tst_EntraArm::discoveryListsNoSqlAccounts()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(),
                                      QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("pageSize"), 2}}),
             200);
    auto credential = servicePrincipal();
    Arm::ArmClient arm(credential.get());
    Arm::Discovery discovery(&arm);
    auto tenants = std::make_shared<std::optional<QList<Arm::Tenant>>>();
    discovery.tenants(
        nullptr, [tenants](const QList<Arm::Tenant> &l, const CosmosError &) { *tenants = l; });
    QVERIFY(QTest::qWaitFor([&] { return tenants->has_value(); }, WaitMs));
    QCOMPARE((*tenants)->size(), 1);
    QCOMPARE((*tenants)->first().tenantId, QString::fromLatin1(Contoso));

    auto accounts = std::make_shared<std::optional<QList<Arm::Account>>>();
    auto error = std::make_shared<CosmosError>();
    discovery.allAccounts(nullptr, [=](const QList<Arm::Account> &l, const CosmosError &e) {
        *accounts = l;
        *error = e;
    });
    QVERIFY(QTest::qWaitFor([&] { return accounts->has_value(); }, WaitMs));
    QVERIFY2(!error->isError(), qPrintable(error->toString()));
    QStringList names;
    for (const Arm::Account &a : **accounts)
        names << a.name;
    names.sort();
    // Subscription 1 has 5 accounts (3 pages of 2): the MongoDB and Table ones are left out.
    QCOMPARE(names,
             QStringList({QStringLiteral("analytics-west"),
                          QStringLiteral("cosmoscope-sandbox"),
                          QStringLiteral("orders-staging"),
                          QStringLiteral("reports-east")}));
    const auto sandbox
        = std::find_if((*accounts)->cbegin(), (*accounts)->cend(), [](const Arm::Account &a) {
              return a.name == QLatin1String("cosmoscope-sandbox");
          });
    QVERIFY(Arm::sameEndpoint(sandbox->documentEndpoint, m_gateway.url()));
    QVERIFY(sandbox->disableLocalAuth);
    QCOMPARE(sandbox->resourceGroup, QStringLiteral("rg-cosmoscope"));

    auto key = std::make_shared<std::optional<QByteArray>>();
    discovery.listKeys(
        sandbox->id, nullptr, [key](const QByteArray &k, const CosmosError &) { *key = k; });
    QVERIFY(QTest::qWaitFor([&] { return key->has_value(); }, WaitMs));
    QCOMPARE(**key, ConnectionInfo::emulatorKey().toLatin1());
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(),
                                      QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("pageSize"), 1000}}),
             200);
}

void tst_EntraArm::longRunningOperationPolling()
{
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.armUrl(),
                 QStringLiteral("/_test/arm"),
                 QJsonObject{{QStringLiteral("lroPolls"), 2}, {QStringLiteral("retryAfter"), 1}}),
             200);
    auto credential = servicePrincipal();
    auto c = client(credential);
    QSignalSpy progress(c->controlPlane(), &Arm::ControlPlane::progress);
    QElapsedTimer timer;
    timer.start();
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(),
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("lro-db")}},
                  {},
                  nullptr,
                  cb);
    });
    QVERIFY2(db.ok(), qPrintable(db.error.toString()));
    QVERIFY(timer.elapsed() >= 2000); // Retry-After: 1 s before each of the polls
    QStringList statuses;
    for (const QList<QVariant> &args : std::as_const(progress))
        statuses << args.at(1).toString();
    QCOMPARE(statuses,
             QStringList({QStringLiteral("Accepted"),
                          QStringLiteral("Enqueued"),
                          QStringLiteral("InProgress")}));

    // Cancelling stops waiting and answers Cancelled.
    Arm::ArmOperation *op = c->controlPlane()->arm()->begin(
        "DELETE",
        c->controlPlane()->knownAccountId() + QStringLiteral("/sqlDatabases/lro-db"),
        {},
        Arm::documentDbApiVersion(),
        nullptr);
    QSignalSpy finished(op, &Arm::ArmOperation::finished);
    connect(op, &Arm::ArmOperation::progress, op, &Arm::ArmOperation::cancel);
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.at(0).at(0).value<Arm::ArmResponse>().error.kind,
             CosmosError::Kind::Cancelled);
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.armUrl(),
                 QStringLiteral("/_test/arm"),
                 QJsonObject{{QStringLiteral("lroPolls"), 1}, {QStringLiteral("retryAfter"), 0}}),
             200);
}

void tst_EntraArm::armRefusalExplained()
{
    // grace@contoso.test is an ARM Reader: ARM refuses her writes, in the user's terms.
    auto credential = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    connect(credential.get(),
            &Entra::DeviceCodeCredential::userCodeReady,
            this,
            [this](const QString &code, const QUrl &, const QString &) {
                QCOMPARE(m_gateway.deviceLogin(code, QStringLiteral("grace@contoso.test")), 200);
            });
    auto c = client(credential);
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(),
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("grace-db")}},
                  {},
                  nullptr,
                  cb);
    });
    QCOMPARE(db.error.status, 403);
    QCOMPARE(db.error.code, QStringLiteral("AuthorizationFailed"));
    QVERIFY2(db.error.message.contains(QStringLiteral("DocumentDB Account Contributor")),
             qPrintable(db.error.message));
}

// An ARM answer cut halfway (status 200, body short of its content-length) is an error in the
// user's terms, never an empty success; the next request is answered normally.
void tst_EntraArm::damagedArmAnswerIsAnError()
{
    auto credential = servicePrincipal();
    Arm::ArmClient arm(credential.get());
    const auto get = [&arm] {
        auto answer = std::make_shared<std::optional<Arm::ArmResponse>>();
        arm.request("GET", QStringLiteral("/subscriptions"), {}, Arm::resourcesApiVersion(),
                    nullptr, [answer](const Arm::ArmResponse &r) { *answer = r; });
        QTest::qWaitFor([&] { return answer->has_value(); }, WaitMs);
        return answer->value_or(Arm::ArmResponse{});
    };
    QVERIFY(get().ok()); // a token first, so that the cut hits the ARM answer
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("truncateNext"), 1}}),
             200);
    const Arm::ArmResponse cut = get();
    QVERIFY(!cut.ok());
    QCOMPARE(cut.error.kind, CosmosError::Kind::Damaged);
    QVERIFY2(cut.error.message.contains(QStringLiteral("incomplete or damaged")),
             qPrintable(cut.error.message));
    const Arm::ArmResponse whole = get();
    QVERIFY2(whole.ok(), qPrintable(whole.error.toString()));
    QCOMPARE(whole.json.value(QStringLiteral("value")).toArray().size(), 2);
}

QTEST_GUILESS_MAIN(tst_EntraArm)
#include "tst_entra_arm.moc"
