package io.hookflow.http.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites every {@code server.requestHandler(handler)} call in Quarkus's HTTP server verticle into
 * {@code JsonFrameworkAnswers.requestHandler(server, handler)}, which takes the same arguments and returns the same
 * server, so the stack is unchanged. That is the one place where the server exists before it listens. It also
 * rewrites Quarkus's root handler's bodiless 400 and 503, RESTEasy Reactive's bodiless 413 and Vert.x's silent failure
 * of a broken chunk framing (see {@code JsonFrameworkAnswers}).
 */
public class HttpJsonErrorsProcessor {

    static final String FEATURE = "hookflow-http-json-errors";
    static final String VERTICLE = "io.quarkus.vertx.http.runtime.VertxHttpRecorder$WebDeploymentVerticle";
    static final String HTTP_SERVER = "io/vertx/core/http/HttpServer";
    static final String REQUEST_HANDLER_DESCRIPTOR = "(Lio/vertx/core/Handler;)Lio/vertx/core/http/HttpServer;";
    /** Quarkus's root request handler: the anonymous {@code Handler<HttpServerRequest>} that checks the URI first. */
    static final String ROOT_HANDLER = "io.quarkus.vertx.http.runtime.VertxHttpRecorder$1";
    static final String INPUT_STREAM = "org.jboss.resteasy.reactive.server.vertx.VertxInputStream";
    static final String HTTP_SERVER_RESPONSE = "io/vertx/core/http/HttpServerResponse";
    static final String CONNECTION = "io/vertx/core/http/impl/Http1xServerConnection";
    static final String SERVER_REQUEST = "io/vertx/core/http/impl/Http1xServerRequest";
    static final String ANSWERS = "io/hookflow/http/JsonFrameworkAnswers";
    static final String ANSWERS_DESCRIPTOR = "(Lio/vertx/core/http/HttpServer;Lio/vertx/core/Handler;)Lio/vertx/core/http/HttpServer;";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    BytecodeTransformerBuildItem jsonFrameworkAnswers() {
        return replacing(VERTICLE, Opcodes.INVOKEINTERFACE, HTTP_SERVER, "requestHandler", REQUEST_HANDLER_DESCRIPTOR,
                "requestHandler", ANSWERS_DESCRIPTOR);
    }

    /**
     * Quarkus's root handler ends its answers with an empty body twice: 400 when the request target is not a URI, 503
     * while the application is starting. Both {@code response.end()} calls become {@code JsonFrameworkAnswers.endRootAnswer}.
     */
    @BuildStep
    BytecodeTransformerBuildItem jsonRootAnswers() {
        return replacing(ROOT_HANDLER, Opcodes.INVOKEINTERFACE, HTTP_SERVER_RESPONSE, "end", "()Lio/vertx/core/Future;",
                "endRootAnswer", "(Lio/vertx/core/http/HttpServerResponse;)Lio/vertx/core/Future;");
    }

    /** RESTEasy Reactive's stream has one {@code response.end()}: the one after it set a 413 for a body over the limit. */
    @BuildStep
    BytecodeTransformerBuildItem jsonTooLargeAnswer() {
        return replacing(INPUT_STREAM, Opcodes.INVOKEINTERFACE, HTTP_SERVER_RESPONSE, "end", "()Lio/vertx/core/Future;",
                "endTooLarge", "(Lio/vertx/core/http/HttpServerResponse;)Lio/vertx/core/Future;");
    }

    /**
     * When the chunk framing of a body breaks, Vert.x's connection fails itself in {@code handleError}: there its
     * {@code this.fail(cause)} becomes {@code JsonFrameworkAnswers.brokenBody(this, cause, this.requestInProgress)},
     * which answers the request first if nothing has been answered yet.
     */
    @BuildStep
    BytecodeTransformerBuildItem jsonBrokenBodyAnswer() {
        return new BytecodeTransformerBuildItem(CONNECTION.replace('/', '.'), (ignored, next) -> new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public MethodVisitor visitMethod(int access, String methodName, String methodDescriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, methodName, methodDescriptor, signature, exceptions);
                if (!"handleError".equals(methodName)) {
                    return method;
                }
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitMethodInsn(int callOpcode, String callOwner, String callName,
                                                String callDescriptor, boolean isInterface) {
                        if (callOpcode == Opcodes.INVOKEVIRTUAL && CONNECTION.equals(callOwner) && "fail".equals(callName)
                                && "(Ljava/lang/Throwable;)V".equals(callDescriptor)) {
                            super.visitVarInsn(Opcodes.ALOAD, 0);
                            super.visitFieldInsn(Opcodes.GETFIELD, CONNECTION, "requestInProgress",
                                    "L" + SERVER_REQUEST + ";");
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, ANSWERS, "brokenBody",
                                    "(L" + CONNECTION + ";Ljava/lang/Throwable;L" + SERVER_REQUEST + ";)V", false);
                        } else {
                            super.visitMethodInsn(callOpcode, callOwner, callName, callDescriptor, isInterface);
                        }
                    }
                };
            }
        });
    }

    /** A call {@code owner.name(args)} in any method of {@code className} becomes {@code JsonFrameworkAnswers.with(owner, args)}. */
    private static BytecodeTransformerBuildItem replacing(String className, int opcode, String owner, String name,
                                                          String descriptor, String with, String withDescriptor) {
        return new BytecodeTransformerBuildItem(className, (ignored, next) -> new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public MethodVisitor visitMethod(int access, String methodName, String methodDescriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, methodName, methodDescriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitMethodInsn(int callOpcode, String callOwner, String callName,
                                                String callDescriptor, boolean isInterface) {
                        if (callOpcode == opcode && callOwner.equals(owner) && callName.equals(name)
                                && callDescriptor.equals(descriptor)) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, ANSWERS, with, withDescriptor, false);
                        } else {
                            super.visitMethodInsn(callOpcode, callOwner, callName, callDescriptor, isInterface);
                        }
                    }
                };
            }
        });
    }
}
