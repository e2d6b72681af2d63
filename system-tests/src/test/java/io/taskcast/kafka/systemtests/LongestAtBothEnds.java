package io.taskcast.kafka.systemtests;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Orders the test classes for two threads (junit-platform.properties): the classes marked
 * {@link Order} are the long ones, 1 the longest. JUnit's fork-join pool has one thread take classes
 * from the front of this order and the other from the back, so the long ones go to both ends in
 * turn — first, last, second, second to last — and each thread starts on a long class, with the
 * short ones left in the middle to even out the finish. A wrong guess only costs time, never a result.
 */
public final class LongestAtBothEnds implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<? extends ClassDescriptor> classes = context.getClassDescriptors();
        List<? extends ClassDescriptor> longOnes = classes.stream().filter(c -> c.isAnnotated(Order.class))
                .sorted(Comparator.comparingInt(c -> c.findAnnotation(Order.class).orElseThrow().value())).toList();
        List<? extends ClassDescriptor> shortOnes = classes.stream().filter(c -> !c.isAnnotated(Order.class))
                .sorted(Comparator.comparing(c -> c.getTestClass().getName())).toList();
        Deque<ClassDescriptor> front = new ArrayDeque<>();
        Deque<ClassDescriptor> back = new ArrayDeque<>();
        for (int i = 0; i < longOnes.size(); i++) {
            if (i % 2 == 0) {
                front.addLast(longOnes.get(i));
            } else {
                back.addFirst(longOnes.get(i));
            }
        }
        List<ClassDescriptor> order = new ArrayList<>(front);
        order.addAll(shortOnes);
        order.addAll(back);
        context.getClassDescriptors().sort(Comparator.comparingInt(order::indexOf));
    }
}
