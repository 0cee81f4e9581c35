#include <cosmoserror.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cosmos;

class tst_CosmosError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serviceShape();
    void serviceShapeWithBracesInMessage();
    void severalErrors();
    void queryErrorsWithLocation();
    void testServerShape();
    void nonJsonBody();
    void emptyBody();
    void toStringFormats();
    void entraRefusalExplained();
    void entraReaderAction();
    void entraManagementRefusal();
};

void tst_CosmosError::serviceShape()
{
    const QByteArray body = R"({"code":"NotFound","message":"Message: {\"Errors\":[\"Resource Not Found. Learn more: https:\\/\\/aka.ms\\/cosmosdb-tsg-not-found\"]}\r\nActivityId: 5c5d0b55-0000-0000-0000-000000000000, Request URI: /apps/x, RequestStats: , SDK: Microsoft.Azure.Documents.Common/2.14.0"})";
    const CosmosError e = CosmosError::fromServiceResponse(404, 0, body);
    QCOMPARE(e.kind, CosmosError::Kind::Service);
    QCOMPARE(e.status, 404);
    QCOMPARE(e.code, QStringLiteral("NotFound"));
    QCOMPARE(e.message, QStringLiteral("Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found"));
}

void tst_CosmosError::serviceShapeWithBracesInMessage()
{
    // The inner texts may contain braces and commas: the whole embedded document is used.
    const QByteArray body = R"({"code":"BadRequest","message":"Message: {\"Errors\":[\"Partition key [{}] is invalid, see {docs}\"]}, ActivityId: 1"})";
    const CosmosError e = CosmosError::fromServiceResponse(400, 1001, body);
    QCOMPARE(e.subStatus, 1001);
    QCOMPARE(e.message, QStringLiteral("Partition key [{}] is invalid, see {docs}"));
}

void tst_CosmosError::severalErrors()
{
    const QByteArray body = R"({"code":"BadRequest","message":"Message: {\"Errors\":[\"first\",\"second\"]}\nActivityId: 2"})";
    QCOMPARE(CosmosError::fromServiceResponse(400, 0, body).message, QStringLiteral("first second"));
}

void tst_CosmosError::queryErrorsWithLocation()
{
    // as the service answers a query with a syntax error (the message embeds errors[])
    const QByteArray body
        = R"({"code":"BadRequest","message":"Message: {\"errors\":[{\"severity\":\"Error\",\"location\":{\"start\":9,\"end\":13},\"code\":\"SC1001\",\"message\":\"Syntax error, incorrect syntax near 'FORM'.\"},{\"severity\":\"Error\",\"code\":\"SC2001\",\"message\":\"Identifier 'd' could not be resolved.\"}]}\r\nActivityId: 1f2e, Microsoft.Azure.Documents.Common/2.14.0"})";
    const CosmosError e = CosmosError::fromServiceResponse(400, 0, body);
    QCOMPARE(e.message,
             QStringLiteral("Syntax error, incorrect syntax near 'FORM'. "
                            "Identifier 'd' could not be resolved."));
    QCOMPARE(e.queryIssues.size(), 2);
    QCOMPARE(e.queryIssues.at(0).code, QStringLiteral("SC1001"));
    QCOMPARE(e.queryIssues.at(0).start, 9);
    QCOMPARE(e.queryIssues.at(0).end, 13);
    QCOMPARE(e.queryIssues.at(1).start, -1); // no location given
    QVERIFY(CosmosError::fromServiceResponse(404, 0, R"({"message":"x"})").queryIssues.isEmpty());
}

void tst_CosmosError::testServerShape()
{
    CosmosError e = CosmosError::fromServiceResponse(400, 0, R"({"message":"no route"})");
    QCOMPARE(e.message, QStringLiteral("no route"));
    QVERIFY(e.code.isEmpty());
    e = CosmosError::fromServiceResponse(409, 0, R"({"code":"Conflict","message":"exists"})");
    QCOMPARE(e.code, QStringLiteral("Conflict"));
    QCOMPARE(e.message, QStringLiteral("exists"));
}

void tst_CosmosError::nonJsonBody()
{
    const CosmosError e = CosmosError::fromServiceResponse(502, 0,
                                                           "<html>Bad gateway</html>\nmore lines");
    QCOMPARE(e.kind, CosmosError::Kind::Service);
    QCOMPARE(e.message, QStringLiteral("<html>Bad gateway</html>"));
}

void tst_CosmosError::emptyBody()
{
    const CosmosError e = CosmosError::fromServiceResponse(503, 0, QByteArray());
    QCOMPARE(e.message, QStringLiteral("Service unavailable"));
}

void tst_CosmosError::toStringFormats()
{
    const CosmosError e = CosmosError::fromServiceResponse(
        409, 0, R"({"code":"Conflict","message":"Entity with the specified id already exists"})");
    QCOMPARE(e.toString(), QStringLiteral("409 Conflict: Entity with the specified id already exists"));
    const CosmosError sub = CosmosError::fromServiceResponse(403, 5300, R"({"message":"no role"})");
    QCOMPARE(sub.toString(), QStringLiteral("403/5300 Forbidden: no role"));
    QCOMPARE(CosmosError::invalidInput(QStringLiteral("bad")).toString(), QStringLiteral("bad"));
    QVERIFY(!CosmosError().isError());
    QVERIFY(CosmosError().toString().isEmpty());
}

static CosmosError rbacRefusal(const QString &action, const QString &resource)
{
    const QByteArray body = QJsonDocument(QJsonObject{
        {QStringLiteral("code"), QStringLiteral("Forbidden")},
        {QStringLiteral("message"),
         QStringLiteral("Request blocked by Auth acct : Request is blocked because principal "
                        "[55555555-5555-4555-8555-555555555555] does not have required RBAC "
                        "permissions to perform action [%1] on resource [%2]. Learn more: "
                        "https://aka.ms/cosmos-native-rbac.").arg(action, resource)}}).toJson();
    return CosmosError::fromServiceResponse(403, 5301, body);
}

void tst_CosmosError::entraRefusalExplained()
{
    const CosmosError e = CosmosError::explainEntraRefusal(
        rbacRefusal(QStringLiteral("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create"),
                    QStringLiteral("dbs/shop/colls/orders")),
        QStringLiteral("ignored"),
        QStringLiteral("/subscriptions/s/resourceGroups/rg-shop/providers/Microsoft.DocumentDB/databaseAccounts/shopacct"));
    QCOMPARE(e.status, 403);
    QCOMPARE(e.subStatus, 5301);
    QVERIFY(e.message.contains(QStringLiteral("items/create on dbs/shop/colls/orders")));
    QVERIFY(e.message.contains(QStringLiteral("\"Cosmos DB Built-in Data Contributor\" (00000000-0000-0000-0000-000000000002)")));
    QVERIFY2(e.message.contains(QStringLiteral(
                 "az cosmosdb sql role assignment create --account-name shopacct --resource-group rg-shop "
                 "--role-definition-id 00000000-0000-0000-0000-000000000002 --principal-id "
                 "55555555-5555-4555-8555-555555555555 --scope \"/dbs/shop/colls/orders\"")),
             qPrintable(e.message));
}

void tst_CosmosError::entraReaderAction()
{
    const CosmosError e = CosmosError::explainEntraRefusal(
        rbacRefusal(QStringLiteral("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery"),
                    QStringLiteral("dbs/shop/colls/orders")),
        QStringLiteral("shopacct"));
    QVERIFY(e.message.contains(QStringLiteral("Cosmos DB Built-in Data Reader")));
    QVERIFY(e.message.contains(QStringLiteral("--account-name shopacct --resource-group <resource-group>")));
    QVERIFY(e.message.contains(QStringLiteral("--role-definition-id 00000000-0000-0000-0000-000000000001")));
}

void tst_CosmosError::entraManagementRefusal()
{
    const CosmosError refused = CosmosError::fromServiceResponse(
        403, 5300, QByteArray("{\"code\":\"Forbidden\",\"message\":\"The given request [POST /dbs] cannot be "
                              "authorized by AAD token in data plane.\"}"));
    const CosmosError e = CosmosError::explainEntraRefusal(refused, QStringLiteral("a"));
    QVERIFY(e.message.contains(QStringLiteral("Azure Resource Manager")));
    QVERIFY(e.message.contains(QStringLiteral("[POST /dbs]")));
    const CosmosError other = CosmosError::fromServiceResponse(403, 0, QByteArray("{\"message\":\"no\"}"));
    QCOMPARE(CosmosError::explainEntraRefusal(other, QStringLiteral("a")).message, other.message);
}

QTEST_GUILESS_MAIN(tst_CosmosError)
#include "tst_cosmoserror.moc"
