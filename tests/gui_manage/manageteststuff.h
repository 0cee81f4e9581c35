#pragma once

// Small helpers shared by the management GUI tests.

#include <cosmosclient.h>

#include <QtTest>

#include <functional>

/// Runs one request to completion (event loop, no sleeps); returns whether it succeeded.
inline bool waitForCall(QObject *context,
                        const std::function<Cosmos::PendingRequest *(QObject *, Cosmos::ResponseCallback)> &f,
                        Cosmos::CosmosResponse *out = nullptr)
{
    bool done = false;
    Cosmos::CosmosResponse result;
    f(context, [&](const Cosmos::CosmosResponse &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return false;
    if (out)
        *out = result;
    return result.ok();
}

inline QJsonObject containerBody(const QString &id, const QString &pkPath)
{
    return {{"id", id},
            {"partitionKey", QJsonObject{{"paths", QJsonArray{pkPath}}, {"kind", "Hash"}}}};
}

inline void saveShot(QWidget *w, const QString &name)
{
    if (!qEnvironmentVariableIsEmpty("COSMOSCOPE_SCREENSHOTS"))
        w->grab().save(qEnvironmentVariable("COSMOSCOPE_SCREENSHOTS") + QLatin1Char('/') + name);
}
