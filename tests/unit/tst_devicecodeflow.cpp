#include <devicecodecredential.h>

#include <QTest>

using namespace Cosmos::Entra;
using Step = DeviceCodeFlow::Step;

static QJsonObject authorization(int interval, int expiresIn)
{
    QJsonObject a{{QStringLiteral("device_code"), QStringLiteral("dc")},
                  {QStringLiteral("user_code"), QStringLiteral("ABCD-EFGH")},
                  {QStringLiteral("verification_uri"), QStringLiteral("https://login.test/device")},
                  {QStringLiteral("expires_in"), expiresIn}};
    if (interval > 0)
        a.insert(QStringLiteral("interval"), interval);
    return a;
}

class tst_DeviceCodeFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultIntervalIsFiveSeconds();
    void pendingKeepsInterval();
    void slowDownAddsFiveSeconds();
    void slowDownObeysToldInterval();
    void successEnds();
    void expiredTokenFails();
    void accessDeniedFails();
    void otherErrorFails();
    void expiryWithoutAnswerFails();
    void brokenAuthorizationFails();
};

void tst_DeviceCodeFlow::defaultIntervalIsFiveSeconds()
{
    DeviceCodeFlow flow;
    const Step s = flow.start(authorization(0, 900), 0);
    QCOMPARE(s.action, Step::Poll);
    QCOMPARE(s.delayMs, 5000);
    QCOMPARE(flow.userCode(), QStringLiteral("ABCD-EFGH"));
    QVERIFY(flow.message().contains(QStringLiteral("ABCD-EFGH"))); // made when not given
}

void tst_DeviceCodeFlow::pendingKeepsInterval()
{
    DeviceCodeFlow flow;
    QCOMPARE(flow.start(authorization(2, 900), 0).delayMs, 2000);
    const Step s = flow.onAnswer(QStringLiteral("authorization_pending"), {}, 2000);
    QCOMPARE(s.action, Step::Poll);
    QCOMPARE(s.delayMs, 2000);
}

void tst_DeviceCodeFlow::slowDownAddsFiveSeconds()
{
    DeviceCodeFlow flow;
    flow.start(authorization(2, 900), 0);
    Step s = flow.onAnswer(QStringLiteral("slow_down"), {}, 2000);
    QCOMPARE(s.action, Step::Poll);
    QCOMPARE(s.delayMs, 7000);
    s = flow.onAnswer(QStringLiteral("authorization_pending"), {}, 9000); // and stays so
    QCOMPARE(s.delayMs, 7000);
    s = flow.onAnswer(QStringLiteral("slow_down"), {}, 16000);
    QCOMPARE(s.delayMs, 12000);
}

void tst_DeviceCodeFlow::slowDownObeysToldInterval()
{
    DeviceCodeFlow flow;
    flow.start(authorization(2, 900), 0);
    const Step s = flow.onAnswer(
        QStringLiteral("slow_down"), QJsonObject{{QStringLiteral("interval"), 30}}, 2000);
    QCOMPARE(s.delayMs, 30000);
}

void tst_DeviceCodeFlow::successEnds()
{
    DeviceCodeFlow flow;
    flow.start(authorization(1, 900), 0);
    QCOMPARE(flow.onAnswer(QString(),
                           QJsonObject{{QStringLiteral("access_token"), QStringLiteral("t")}},
                           1000)
                 .action,
             Step::Done);
}

void tst_DeviceCodeFlow::expiredTokenFails()
{
    DeviceCodeFlow flow;
    flow.start(authorization(1, 900), 0);
    const Step s = flow.onAnswer(QStringLiteral("expired_token"), {}, 1000);
    QCOMPARE(s.action, Step::Fail);
    QCOMPARE(s.error.code, QStringLiteral("expired_token"));
    QVERIFY(s.error.message.contains(QStringLiteral("expired")));
}

void tst_DeviceCodeFlow::accessDeniedFails()
{
    DeviceCodeFlow flow;
    flow.start(authorization(1, 900), 0);
    const Step s = flow.onAnswer(QStringLiteral("access_denied"), {}, 1000);
    QCOMPARE(s.action, Step::Fail);
    QCOMPARE(s.error.code, QStringLiteral("access_denied"));
    QVERIFY(s.error.message.contains(QStringLiteral("declined")));
}

void tst_DeviceCodeFlow::otherErrorFails()
{
    DeviceCodeFlow flow;
    flow.start(authorization(1, 900), 0);
    const Step s = flow.onAnswer(
        QStringLiteral("invalid_grant"),
        QJsonObject{{QStringLiteral("error_description"),
                     QStringLiteral("AADSTS70000: bad code. Trace ID: 1 Correlation ID: 2")}},
        1000);
    QCOMPARE(s.action, Step::Fail);
    QVERIFY(s.error.message.contains(QStringLiteral("AADSTS70000: bad code.")));
    QVERIFY(!s.error.message.contains(QStringLiteral("Trace ID")));
}

void tst_DeviceCodeFlow::expiryWithoutAnswerFails()
{
    DeviceCodeFlow flow;
    flow.start(authorization(5, 12), 0);
    QCOMPARE(flow.onAnswer(QStringLiteral("authorization_pending"), {}, 5000).action, Step::Poll);
    // The next poll would come after the code expired.
    const Step s = flow.onAnswer(QStringLiteral("authorization_pending"), {}, 10000);
    QCOMPARE(s.action, Step::Fail);
    QCOMPARE(s.error.code, QStringLiteral("expired_token"));
}

void tst_DeviceCodeFlow::brokenAuthorizationFails()
{
    DeviceCodeFlow flow;
    QCOMPARE(flow.start(QJsonObject{{QStringLiteral("interval"), 5}}, 0).action, Step::Fail);
}

QTEST_GUILESS_MAIN(tst_DeviceCodeFlow)
#include "tst_devicecodeflow.moc"
